import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { CHURN_WATCH_INDEX_ATTRIBUTES } from '#shared/churn/churn-watch.entity';
import { churnKeys, churnShardOf } from '#shared/churn/churn.keys';
import { churnAggregateUpdate } from '#shared/churn/churn.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { part, refusedParts, withConflictRetry, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { sortKeySet } from '#shared/customer-records/customer-sort-indexes';
import { customerKeys } from '#shared/keys/customer.keys';
import { lostCustomerEntity } from './lost-customer.entity';
import type { LostCustomerListCriteria, LostCustomerOwner, LostCustomerRepository, Page, PageKey } from './lost-customer.ports';
import { lostCustomerNotFound } from './lost-customer.rules';
import type { LostCustomer } from './lost-customer.schema';
import { lostCustomerAuditEvent, lostCustomerRecordPut } from './lost-customer.writes';

/** What each element of a record's transaction writes: refusals are judged by label. */
type RecordPart = TransactionPart<'record' | 'customer' | 'aggregate' | 'audit'>;

/**
 * A measure is an update of the record, for the audit trail. The list of measures only grows, so the change names the new
 * element (`measures[<n>]`) rather than repeating the whole list (up to 100 × 1,000 characters) twice.
 */
const measureChanges = (previous: LostCustomer, next: LostCustomer): AuditEvent['changes'] => {
  const { measures: before, ...restBefore } = previous;
  const { measures: after, ...restAfter } = next;
  return [
    ...changesBetween(restBefore, restAfter),
    ...after.slice(before.length).map((measure, offset) => ({ field: `measures[${before.length + offset}]`, new: measure })),
  ];
};

/** The customer changed between the read and the transaction (its version moved): read it again and retry. */
class CustomerChangedMeanwhile extends Error {}

const CONFIRM_ATTEMPTS = 3;

const versionConflict = (record: LostCustomer) =>
  new DomainError(
    ErrorCode.VersionConflict,
    `The lost-customer record of customer ${record.customerId} has changed since you read it; read it again.`,
  );

export class DynamoDbLostCustomerRepository implements LostCustomerRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(customerId: string): Promise<{ record?: LostCustomer; customer?: LostCustomerOwner }> {
    let keys: Item[] = [customerKeys.item(customerId), churnKeys.record(customerId)];
    const found: Item[] = [];
    // DynamoDB may leave keys unprocessed under load: ask again for those (a few rounds, with a short pause).
    for (let round = 0; keys.length > 0; round += 1) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
      if (round > 8) throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[this.tableName] ?? []));
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
    }
    const customer = found.find((item) => item.sk === customerKeys.item(customerId).sk);
    const record = found.find((item) => item.sk === churnKeys.record(customerId).sk);
    return {
      ...(record ? { record: lostCustomerEntity.fromItem(record) } : {}),
      ...(customer ? { customer: { ownerId: String(customer.ownerId), archived: customer.deletedAt !== undefined } } : {}),
    };
  }

  async list(criteria: LostCustomerListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<LostCustomer>> {
    const { ownerId, status } = criteria;
    const [index, partition] = ownerId
      ? [churnKeys.byOwner, churnKeys.byOwner.pk(ownerId)]
      : status
        ? [churnKeys.byStatus, churnKeys.byStatus.pk(status)]
        : [churnKeys.all, churnKeys.all.pk()];
    const filtered = ownerId !== undefined && status !== undefined;
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ...(filtered ? { FilterExpression: '#status = :status' } : {}),
        ExpressionAttributeNames: { '#pk': index.pkAttribute, ...(filtered ? { '#status': 'status' } : {}) },
        ExpressionAttributeValues: { ':pk': partition, ...(filtered ? { ':status': status } : {}) },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(lostCustomerEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async addMeasure(previous: LostCustomer, next: LostCustomer, guard: { ownerScope?: string | undefined }): Promise<void> {
    const scoped = guard.ownerScope !== undefined;
    await this.write(previous, [
      this.recordPart(previous, next),
      part(
        'customer',
        conditionalUpdate(
          this.tableName,
          customerKeys.item(next.customerId),
          buildUpdateExpression({ set: { [churnKeys.statusAttribute]: next.status } }),
          {
            ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#deletedAt)${scoped ? ' AND #ownerId = :ownerScope' : ''}`,
            names: { '#pk': 'pk', '#deletedAt': 'deletedAt', ...(scoped ? { '#ownerId': 'ownerId' } : {}) },
            values: scoped ? { ':ownerScope': guard.ownerScope } : {},
          },
        ),
      ),
      // The audit entry comes last. The customer item only gets its copy of the record status here (no field of
      // the customer).
      part('audit', auditPut(this.tableName, lostCustomerAuditEvent(previous, next, 'update', { changes: measureChanges(previous, next) }))),
    ]);
  }

  async confirm(previous: LostCustomer, next: LostCustomer): Promise<void> {
    // The customer's status moves to `lost` too, so its audit entry needs the status and version it had — a
    // consistent read, and the customer update is conditional on that version. A customer changed meanwhile (a
    // PATCH, a transfer) is read again: the caller's If-Match is the record's, which the retry still checks.
    for (let attempt = 1; ; attempt += 1) {
      const { Item: customer } = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: customerKeys.item(next.customerId), ConsistentRead: true }),
      );
      if (!customer || customer.deletedAt !== undefined) throw lostCustomerNotFound(previous.customerId);
      try {
        await this.confirmOver(previous, next, { status: String(customer.status), version: Number(customer.version) });
        return;
      } catch (error) {
        if (!(error instanceof CustomerChangedMeanwhile)) throw error;
        if (attempt >= CONFIRM_ATTEMPTS) {
          throw new DomainError(ErrorCode.ServiceBusy, 'The customer is changing right now; retry after a moment.', { retryAfterSeconds: 1 });
        }
      }
    }
  }

  private async confirmOver(previous: LostCustomer, next: LostCustomer, customer: { status: string; version: number }): Promise<void> {
    const at = next.confirmedAt ?? next.updatedAt;
    const month = at.slice(0, 7);
    const note = next.detail ?? next.reason;
    await this.write(
      previous,
      [
        this.recordPart(previous, next),
        // The customer's status becomes `lost`: a change of the customer, so its version goes up. It leaves the
        // churn watch too.
        part(
          'customer',
          conditionalUpdate(
            this.tableName,
            customerKeys.item(next.customerId),
            buildUpdateExpression({
              set: {
                status: 'lost',
                [customerKeys.byStatus.pkAttribute]: customerKeys.byStatus.pk('lost'),
                [churnKeys.statusAttribute]: 'lost',
                ...sortKeySet('updatedAt', next.customerId, at),
                updatedAt: at,
                updatedBy: next.updatedBy,
              },
              add: { version: 1 },
              remove: CHURN_WATCH_INDEX_ATTRIBUTES,
            }),
            {
              ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #version = :seenVersion',
              names: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version' },
              values: { ':seenVersion': customer.version },
            },
          ),
        ),
        part('aggregate', churnAggregateUpdate(this.tableName, { month, reason: next.reason ?? 'other' }, { lost: 1 })),
        part('aggregate', churnAggregateUpdate(this.tableName, { month, shard: churnShardOf(next.customerId) }, { lost: 1 })),
        // The audit entries come last: the record's state move, and the customer's.
        part('audit', auditPut(this.tableName, lostCustomerAuditEvent(previous, next, 'transition', { note }))),
        part('audit', auditPut(this.tableName, {
          at,
          actor: next.updatedBy,
          action: 'transition',
          entityType: 'customer',
          entityId: next.customerId,
          customerId: next.customerId,
          entityVersion: customer.version + 1,
          changes: changesBetween({ status: customer.status }, { status: 'lost' }),
          ...(note ? { note } : {}),
        })),
      ],
      (old) => old !== undefined && old.deletedAt === undefined && old.version !== customer.version,
    );
  }

  /** The record's new state, only over the version read. */
  private recordPart(previous: LostCustomer, next: LostCustomer): RecordPart {
    return part('record', lostCustomerRecordPut(this.tableName, next, previous.version));
  }

  /**
   * Sends a record's transaction. A refused `record` is a 412; a refused `customer` a 404 (gone, archived, or no
   * longer the caller's) — unless `changedMeanwhile` says, from the customer item the condition saw, that it only
   * moved on: read again.
   */
  private async write(previous: LostCustomer, parts: RecordPart[], changedMeanwhile?: (old: Item | undefined) => boolean): Promise<void> {
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: parts.map((element) => element.item) })), 5);
    } catch (error) {
      const refused = refusedParts(error, parts);
      if (refused?.has('customer')) {
        if (changedMeanwhile?.(refused.old('customer'))) throw new CustomerChangedMeanwhile();
        throw lostCustomerNotFound(previous.customerId);
      }
      if (refused?.has('record')) throw versionConflict(previous);
      throw error;
    }
  }
}
