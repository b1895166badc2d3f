import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ChangeScope } from '#shared/events/change-feed';
import { changeFeedEntryEntity, changeFeedKeys } from '#shared/events/change-feed.entity';
import type { ChangeDayRead, ChangeFeedReader } from './changes.ports';

/**
 * Reads the change feed: one consistent Query of one day's partition per call, `sk BETWEEN <after + ' '> AND <until>`
 * (every sort key is `<ISO instant>#<ulid>` or a bare day, so `after + ' '` sorts after `after` and before every
 * later key; `until` is an instant, and a key stamped at it, `<until>#…`, sorts after it). Items leave through the
 * entity's field list.
 */
export class DynamoDbChangeFeedReader implements ChangeFeedReader {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async readDay(scope: ChangeScope, day: string, after: string, until: string, limit: number): Promise<ChangeDayRead> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        ConsistentRead: true,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :after AND :until',
        ExpressionAttributeValues: { ':pk': changeFeedKeys.partition(scope, day), ':after': `${after} `, ':until': until },
        Limit: limit,
      }),
    );
    return { items: (result.Items ?? []).map((item) => changeFeedEntryEntity.fromItem(item)), more: result.LastEvaluatedKey !== undefined };
  }
}
