import {
  BatchGetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { churnAggregateKeys, churnKeys, churnShardOf } from '#shared/db/churn.keys';
import { customerKeys } from '#shared/db/keys';
import { cancellationReasonsOf, withConflictRetry } from '#shared/db/transactions';
import type { LostCustomerListCriteria, LostCustomerOwner, LostCustomerRepository, Page, PageKey } from './lost-customer.model';
import { lostCustomerNotFound } from './lost-customer.rules';
import { LOST_CUSTOMER_FIELDS, type LostCustomer } from './lost-customer.schema';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

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
    ]);
  }

  async confirm(previous: LostCustomer, next: LostCustomer): Promise<void> {
    const at = next.confirmedAt ?? next.updatedAt;
    const month = at.slice(0, 7);
    await this.write(previous, [
      this.recordPut(previous, next),
      {
        // The customer's status becomes `lost`: a change of the customer, so its version goes up.
        Update: {
          TableName: this.tableName,
          Key: customerKeys.item(next.customerId),
          UpdateExpression:
            'SET #status = :lost, #statusPk = :statusPk, #churnStatus = :lost, #updatedAt = :at, #updatedBy = :by ADD #version :one REMOVE #watchPk, #watchSk',
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt)',
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
          },
        },
      },
      churnAggregateUpdate(this.tableName, churnAggregateKeys.reason(month, next.reason ?? 'other'), { lost: 1 }, { month, reason: next.reason ?? 'other' }),
      churnAggregateUpdate(this.tableName, churnAggregateKeys.events(month, churnShardOf(next.customerId)), { lost: 1 }, {
        month,
        shard: churnShardOf(next.customerId),
      }),
    ]);
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

  /** Item 0 is the record (→ 412), item 1 the customer (→ 404: gone, archived, or no longer the caller's). */
  private async write(previous: LostCustomer, items: TransactItem[]): Promise<void> {
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: items })), 5);
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') throw lostCustomerNotFound(previous.customerId);
      if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw versionConflict(previous);
      throw error;
    }
  }
}
