import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { changesBetween, type AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { churnAggregateKeys, churnKeys, churnShardOf } from '#shared/churn/churn.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { cancellationReasonsOf, oldItemOf, withConflictRetry, type TransactItem } from '#shared/db/transactions';
import type { LostCustomerListCriteria, LostCustomerOwner, LostCustomerRepository, Page, PageKey } from './lost-customer.ports';
import { lostCustomerNotFound } from './lost-customer.rules';
import { LOST_CUSTOMER_FIELDS, type LostCustomer } from './lost-customer.schema';

type Item = Record<string, unknown>;
/**
 * The record item with its index keys (owner, all, status; each sorted by opening date then customer id).
 * Also used by the churn-detection job, which opens records.
 */
export const toLostCustomerItem = (record: LostCustomer): Item => {
  const sk = churnKeys.recordSortKey(record.openedAt, record.customerId);
  return {
    ...churnKeys.record(record.customerId),
    entity: 'LostCustomer',
    ...record,
    [churnKeys.byOwner.pkAttribute]: churnKeys.byOwner.pk(record.ownerId),
    [churnKeys.byOwner.skAttribute]: sk,
    [churnKeys.all.pkAttribute]: churnKeys.all.pk(),
    [churnKeys.all.skAttribute]: sk,
    [churnKeys.byStatus.pkAttribute]: churnKeys.byStatus.pk(record.status),
    [churnKeys.byStatus.skAttribute]: sk,
  };
};

/** Only the declared fields leave the repository, so no storage attribute can reach a response. */
export const fromLostCustomerItem = (item: Item): LostCustomer =>
  Object.fromEntries(
    LOST_CUSTOMER_FIELDS.filter((field) => item[field] !== undefined).map((field) => [field, item[field]]),
  ) as LostCustomer;

/** Churn aggregate: `ADD` counts to one item (see churnAggregateKeys). */
export const churnAggregateUpdate = (tableName: string, key: { pk: string; sk: string }, counts: Record<string, number>, attributes: Item): TransactItem => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries({ entity: 'ChurnAggregate', ...attributes }).map(([attribute, value], index) => {
    names[`#s${index}`] = attribute;
    values[`:s${index}`] = value;
    return `#s${index} = :s${index}`;
  });
  const adds = Object.entries(counts).map(([attribute, by], index) => {
    names[`#a${index}`] = attribute;
    values[`:a${index}`] = by;
    return `#a${index} :a${index}`;
  });
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
};

/**
 * audit: the entry of a record's change — who and when from `next` (the instant it writes as updatedAt). Used by
 * the churn-detection job too, which opens records.
 */
export const lostCustomerAuditEvent = (
  previous: LostCustomer | undefined,
  next: LostCustomer,
  action: AuditEvent['action'],
  extra: { changes?: AuditEvent['changes']; note?: string | undefined } = {},
): AuditEvent => ({
  at: next.updatedAt,
  actor: next.updatedBy,
  action,
  entityType: 'lost-customer',
  entityId: next.customerId,
  customerId: next.customerId,
  entityVersion: next.version,
  changes: extra.changes ?? changesBetween(previous, next),
  ...(extra.note ? { note: extra.note } : {}),
});

/**
 * audit: a measure is an update of the record. The list of measures only grows, so the change names the new
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
      ...(record ? { record: fromLostCustomerItem(record) } : {}),
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
      items: (result.Items ?? []).map(fromLostCustomerItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async addMeasure(previous: LostCustomer, next: LostCustomer, guard: { ownerScope?: string | undefined }): Promise<void> {
    const scoped = guard.ownerScope !== undefined;
    await this.write(previous, [
      this.recordPut(previous, next),
      {
        Update: {
          TableName: this.tableName,
          Key: customerKeys.item(next.customerId),
          UpdateExpression: 'SET #churnStatus = :status',
          ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(#deletedAt)${scoped ? ' AND #ownerId = :ownerScope' : ''}`,
          ExpressionAttributeNames: {
            '#pk': 'pk',
            '#deletedAt': 'deletedAt',
            '#churnStatus': churnKeys.statusAttribute,
            ...(scoped ? { '#ownerId': 'ownerId' } : {}),
          },
          ExpressionAttributeValues: { ':status': next.status, ...(scoped ? { ':ownerScope': guard.ownerScope } : {}) },
        },
      },
      // audit (last). The customer item only gets its copy of the record status here (no field of the customer).
      auditPut(this.tableName, lostCustomerAuditEvent(previous, next, 'update', { changes: measureChanges(previous, next) })),
    ]);
  }

  async confirm(previous: LostCustomer, next: LostCustomer): Promise<void> {
    // audit: the customer's status moves to `lost` too, so its entry needs the status and version it had — a
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
        this.recordPut(previous, next),
        {
          // The customer's status becomes `lost`: a change of the customer, so its version goes up.
          Update: {
            TableName: this.tableName,
            Key: customerKeys.item(next.customerId),
            UpdateExpression:
              'SET #status = :lost, #statusPk = :statusPk, #churnStatus = :lost, #updatedAt = :at, #updatedBy = :by ADD #version :one REMOVE #watchPk, #watchSk',
            ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #version = :seenVersion',
            ExpressionAttributeNames: {
              '#pk': 'pk',
              '#deletedAt': 'deletedAt',
              '#status': 'status',
              '#statusPk': customerKeys.byStatus.pkAttribute,
              '#churnStatus': churnKeys.statusAttribute,
              '#updatedAt': 'updatedAt',
              '#updatedBy': 'updatedBy',
              '#version': 'version',
              '#watchPk': churnKeys.watch.pkAttribute,
              '#watchSk': churnKeys.watch.skAttribute,
            },
            ExpressionAttributeValues: {
              ':lost': 'lost',
              ':statusPk': customerKeys.byStatus.pk('lost'),
              ':at': at,
              ':by': next.updatedBy,
              ':one': 1,
              ':seenVersion': customer.version,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        churnAggregateUpdate(this.tableName, churnAggregateKeys.reason(month, next.reason ?? 'other'), { lost: 1 }, { month, reason: next.reason ?? 'other' }),
        churnAggregateUpdate(this.tableName, churnAggregateKeys.events(month, churnShardOf(next.customerId)), { lost: 1 }, {
          month,
          shard: churnShardOf(next.customerId),
        }),
        // audit (last): the record's state move, and the customer's.
        auditPut(this.tableName, lostCustomerAuditEvent(previous, next, 'transition', { note })),
        auditPut(this.tableName, {
          at,
          actor: next.updatedBy,
          action: 'transition',
          entityType: 'customer',
          entityId: next.customerId,
          customerId: next.customerId,
          entityVersion: customer.version + 1,
          changes: changesBetween({ status: customer.status }, { status: 'lost' }),
          ...(note ? { note } : {}),
        }),
      ],
      (old) => old !== undefined && old.deletedAt === undefined && old.version !== customer.version,
    );
  }

  /** The record's new state, only over the version read. */
  private recordPut(previous: LostCustomer, next: LostCustomer): TransactItem {
    return {
      Put: {
        TableName: this.tableName,
        Item: toLostCustomerItem(next),
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': previous.version },
      },
    };
  }

  /**
   * Item 0 is the record (→ 412), item 1 the customer (→ 404: gone, archived, or no longer the caller's — unless
   * `changedMeanwhile` says, from the customer item the condition saw, that it only moved on: read again).
   */
  private async write(previous: LostCustomer, items: TransactItem[], changedMeanwhile?: (old: Item | undefined) => boolean): Promise<void> {
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: items })), 5);
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') {
        if (changedMeanwhile?.(oldItemOf(reasons[1]))) throw new CustomerChangedMeanwhile();
        throw lostCustomerNotFound(previous.customerId);
      }
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw versionConflict(previous);
      throw error;
    }
  }
}
