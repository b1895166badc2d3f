import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lostCustomerEntity, lostCustomerEpisodeEntity } from '#functions/customers/lost-customers/lost-customer.entity';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import { lostCustomerAuditEvent, lostCustomerRecordPut } from '#functions/customers/lost-customers/lost-customer.writes';
import { auditPut } from '#shared/audit/audit.writes';
import { CHURN_WATCH_INDEX_ATTRIBUTES, WATCHED_CUSTOMER_ATTRIBUTES, watchedCustomerOf } from '#shared/churn/churn-watch.entity';
import { churnKeys, churnShardOf } from '#shared/churn/churn.keys';
import { churnAggregateUpdate } from '#shared/churn/churn.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { churnReminderOf } from '#shared/reminders/reminder-sources';
import { reminderPut } from '#shared/reminders/reminder.writes';
import { isConditionalCheckFailed, part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import type { ChurnWatchRepository, PageKey, WatchedCustomer } from './churn-detection.ports';

export class DynamoDbChurnWatchRepository implements ChurnWatchRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async atRisk(shard: number, before: string, page: { limit: number; startKey?: PageKey }): Promise<{ items: WatchedCustomer[]; lastKey?: PageKey }> {
    const { watch } = churnKeys;
    const names: Record<string, string> = { '#wpk': watch.pkAttribute, '#wsk': watch.skAttribute };
    WATCHED_CUSTOMER_ATTRIBUTES.forEach((attribute, index) => {
      names[`#p${index}`] = attribute;
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: watch.index,
        // `<since>#<id>` < threshold ⇔ since < threshold (ISO strings compare as times).
        KeyConditionExpression: '#wpk = :shard AND #wsk < :before',
        ProjectionExpression: WATCHED_CUSTOMER_ATTRIBUTES.map((_, index) => `#p${index}`).join(', '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':shard': watch.pk(shard), ':before': before },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(watchedCustomerOf),
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
    const refused = await transactParts(this.client, [
      part(
        'customer',
        conditionalUpdate(
          this.tableName,
          customerKeys.item(customer.id),
          buildUpdateExpression({ set: { [churnKeys.statusAttribute]: 'warning' }, remove: CHURN_WATCH_INDEX_ATTRIBUTES }),
          {
            ConditionExpression: [
              '#wsk = :watchKey',
              '#status = :active',
              'attribute_not_exists(#deletedAt)',
              '#ownerId = :ownerId',
              customer.churnStatus === undefined ? 'attribute_not_exists(#cs)' : '#cs = :seenChurn',
            ].join(' AND '),
            names: {
              '#cs': churnKeys.statusAttribute,
              '#wsk': churnKeys.watch.skAttribute,
              '#status': 'status',
              '#deletedAt': 'deletedAt',
              '#ownerId': 'ownerId',
            },
            values: {
              ':watchKey': customer.watchKey,
              ':active': 'active',
              ':ownerId': customer.ownerId,
              ...(customer.churnStatus === undefined ? {} : { ':seenChurn': customer.churnStatus }),
            },
          },
        ),
      ),
      part('record', lostCustomerRecordPut(this.tableName, next, previous?.version)),
      part('aggregate', churnAggregateUpdate(this.tableName, { month, shard }, { warned: 1 })),
      ...(previous
        ? [part('episode', { Put: { TableName: this.tableName, Item: lostCustomerEpisodeEntity.toItem(previous), ConditionExpression: 'attribute_not_exists(pk)' } })]
        : []),
      // The audit entry comes last, by the job (`next.updatedBy`): a first record is created; a closed one
      // (recovered, lost) moves back to `warning` — its earlier state stays readable as the episode. The customer
      // item only changes storage attributes here (watch keys, churn status copy): no field of the customer, no
      // entry for it.
      // The owner is told, once, by the reminder job a minute later (shared/reminders/reminder-sources.ts).
      part('reminder', reminderPut(this.tableName, churnReminderOf(next))),
      part('audit', auditPut(this.tableName, lostCustomerAuditEvent(previous, next, previous ? 'transition' : 'create'))),
    ]);
    // Any refused condition: the customer or its record changed meanwhile (another run got there first, an order).
    return refused ? 'skipped' : 'opened';
  }

  async leaveWatch(customer: WatchedCustomer): Promise<'left' | 'skipped'> {
    const expression = buildUpdateExpression({ remove: CHURN_WATCH_INDEX_ATTRIBUTES });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: customerKeys.item(customer.id),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: '#wsk = :watchKey',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#wsk': churnKeys.watch.skAttribute },
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
    return item ? lostCustomerEntity.fromItem(item) : undefined;
  }
}
