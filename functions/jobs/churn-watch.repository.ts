import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  churnAggregateUpdate,
  fromLostCustomerItem,
  lostCustomerAuditEvent,
  toLostCustomerItem,
} from '#functions/customers/lost-customers/lost-customer.repository';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import { auditPut } from '#shared/audit/audit.writes';
import { churnAggregateKeys, churnKeys, churnShardOf } from '#shared/churn/churn.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { cancellationReasonsOf, isConditionalCheckFailed, withConflictRetry, type TransactItem } from '#shared/db/transactions';
import type { ChurnWatchRepository, PageKey, WatchedCustomer } from './churn-detection.ports';

type Item = Record<string, unknown>;
/** What the job reads of a watched customer (the index projects ALL; less on the wire). */
const WATCH_PROJECTION = ['pk', 'sk', 'id', 'customerNo', 'name', 'ownerId', 'status', 'createdAt', 'lastOrderAt', 'deletedAt'];

/** A CUSTOMER item (as the watch index or a GetItem returns it) as the job sees it. */
export const toWatchedCustomer = (item: Item): WatchedCustomer => ({
  id: String(item.id),
  customerNo: String(item.customerNo),
  name: String(item.name),
  ownerId: String(item.ownerId),
  status: String(item.status),
  createdAt: String(item.createdAt),
  ...(typeof item.lastOrderAt === 'string' ? { lastOrderAt: item.lastOrderAt } : {}),
  watchKey: String(item[churnKeys.watch.skAttribute]),
  ...(typeof item[churnKeys.statusAttribute] === 'string' ? { churnStatus: item[churnKeys.statusAttribute] as string } : {}),
  archived: item.deletedAt !== undefined,
});

/** An earlier record, kept as it was when the customer comes under watch again (no index keys: history only). */
const toEpisodeItem = (record: LostCustomer): Item => ({
  ...churnKeys.episode(record.customerId, record.openedAt),
  entity: 'LostCustomerEpisode',
  ...record,
});

export class DynamoDbChurnWatchRepository implements ChurnWatchRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async atRisk(shard: number, before: string, page: { limit: number; startKey?: PageKey }): Promise<{ items: WatchedCustomer[]; lastKey?: PageKey }> {
    const { watch } = churnKeys;
    const names: Record<string, string> = { '#wpk': watch.pkAttribute, '#wsk': watch.skAttribute, '#cs': churnKeys.statusAttribute };
    WATCH_PROJECTION.forEach((attribute, index) => {
      names[`#p${index}`] = attribute;
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: watch.index,
        // `<since>#<id>` < threshold ⇔ since < threshold (ISO strings compare as times).
        KeyConditionExpression: '#wpk = :shard AND #wsk < :before',
        ProjectionExpression: ['#wpk', '#wsk', '#cs', ...WATCH_PROJECTION.map((_, index) => `#p${index}`)].join(', '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':shard': watch.pk(shard), ':before': before },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(toWatchedCustomer),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async openWarning(customer: WatchedCustomer, record: LostCustomer): Promise<'opened' | 'skipped'> {
    // A customer back under watch after a closed record (recovered, or lost and reactivated): the closed record is
    // kept as an episode and replaced, conditional on the version read. Otherwise there must be no record at all.
    const previous = customer.churnStatus !== undefined ? await this.currentRecord(customer.id) : undefined;
    const next = previous ? { ...record, version: previous.version + 1 } : record;
    const month = record.openedAt.slice(0, 7);
    const shard = churnShardOf(customer.id);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: customerKeys.item(customer.id),
          UpdateExpression: 'SET #cs = :warning REMOVE #wpk, #wsk',
          ConditionExpression: [
            '#wsk = :watchKey',
            '#status = :active',
            'attribute_not_exists(#deletedAt)',
            '#ownerId = :ownerId',
            customer.churnStatus === undefined ? 'attribute_not_exists(#cs)' : '#cs = :seenChurn',
          ].join(' AND '),
          ExpressionAttributeNames: {
            '#cs': churnKeys.statusAttribute,
            '#wpk': churnKeys.watch.pkAttribute,
            '#wsk': churnKeys.watch.skAttribute,
            '#status': 'status',
            '#deletedAt': 'deletedAt',
            '#ownerId': 'ownerId',
          },
          ExpressionAttributeValues: {
            ':warning': 'warning',
            ':watchKey': customer.watchKey,
            ':active': 'active',
            ':ownerId': customer.ownerId,
            ...(customer.churnStatus === undefined ? {} : { ':seenChurn': customer.churnStatus }),
          },
        },
      },
      previous
        ? {
            Put: {
              TableName: this.tableName,
              Item: toLostCustomerItem(next),
              ConditionExpression: '#version = :version',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':version': previous.version },
            },
          }
        : { Put: { TableName: this.tableName, Item: toLostCustomerItem(next), ConditionExpression: 'attribute_not_exists(pk)' } },
      churnAggregateUpdate(this.tableName, churnAggregateKeys.events(month, shard), { warned: 1 }, { month, shard }),
      ...(previous
        ? [{ Put: { TableName: this.tableName, Item: toEpisodeItem(previous), ConditionExpression: 'attribute_not_exists(pk)' } }]
        : []),
      // audit (last), by the job (`next.updatedBy`): a first record is created; a closed one (recovered, lost) moves
      // back to `warning` — its earlier state stays readable as the episode. The customer item only changes storage
      // attributes here (watch keys, churn status copy): no field of the customer, no entry for it.
      auditPut(this.tableName, lostCustomerAuditEvent(previous, next, previous ? 'transition' : 'create')),
    ];
    try {
      await withConflictRetry(() => this.client.send(new TransactWriteCommand({ TransactItems: items })));
      return 'opened';
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (reasons?.some((reason) => reason.Code === 'ConditionalCheckFailed')) return 'skipped';
      throw error;
    }
  }

  async leaveWatch(customer: WatchedCustomer): Promise<'left' | 'skipped'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: customerKeys.item(customer.id),
          UpdateExpression: 'REMOVE #wpk, #wsk',
          ConditionExpression: '#wsk = :watchKey',
          ExpressionAttributeNames: { '#wpk': churnKeys.watch.pkAttribute, '#wsk': churnKeys.watch.skAttribute },
          ExpressionAttributeValues: { ':watchKey': customer.watchKey },
        }),
      );
      return 'left';
    } catch (error) {
      if (isConditionalCheckFailed(error)) return 'skipped';
      throw error;
    }
  }

  private async currentRecord(customerId: string): Promise<LostCustomer | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: churnKeys.record(customerId), ConsistentRead: true }),
    );
    return item ? fromLostCustomerItem(item) : undefined;
  }
}
