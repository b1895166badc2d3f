import { GetCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isConditionalCheckFailed, part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { DEFAULT_PREFERENCES, type Notification, type NotificationPreferences } from '#shared/notifications/notification';
import { notificationEntity, preferencesEntity } from '#shared/notifications/notification.entity';
import { notificationKeys } from '#shared/notifications/notification.keys';
import type { NotificationRepository, PageKey } from './notification.ports';

const stale = () => new DomainError(ErrorCode.VersionConflict, 'Changed since you read it; read it again.');

/** The inbox, its counter and the preferences on the single table (docs/data-model.md, "Reminders and notifications"). */
export class DynamoDbNotificationRepository implements NotificationRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(userId: string, options: { unreadOnly: boolean; limit: number; startKey?: PageKey }) {
    if (options.startKey && !(['pk', 'sk'] as const).every((key) => typeof options.startKey?.[key] === 'string')) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ...(options.unreadOnly ? { FilterExpression: 'attribute_not_exists(#readAt)' } : {}),
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', ...(options.unreadOnly ? { '#readAt': 'readAt' } : {}) },
        ExpressionAttributeValues: { ':pk': notificationKeys.partition(userId), ':prefix': notificationKeys.itemPrefix },
        ScanIndexForward: false,
        Limit: options.limit,
        ...(options.startKey ? { ExclusiveStartKey: options.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(notificationEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async unreadCount(userId: string): Promise<number> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: notificationKeys.counter(userId) }));
    return typeof item?.unread === 'number' ? item.unread : 0;
  }

  async get(userId: string, notificationId: string): Promise<Notification | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: notificationKeys.item(userId, notificationId), ConsistentRead: true }));
    return item ? notificationEntity.fromItem(item) : undefined;
  }

  async markRead(previous: Notification, next: Notification): Promise<void> {
    const refused = await transactParts(this.client, [
      part(
        'notification',
        conditionalUpdate(this.tableName, notificationEntity.keyOf(previous), buildUpdateExpression({ set: { readAt: next.readAt, version: next.version } }), {
          ConditionExpression: '#v = :v AND attribute_not_exists(#r)',
          names: { '#v': 'version', '#r': 'readAt' },
          values: { ':v': previous.version },
        }),
      ),
      part('counter', plainUpdate(this.tableName, notificationKeys.counter(previous.userId), { add: { unread: -1 } })),
    ]);
    if (!refused) return;
    if (refused.has('notification')) throw stale();
    throw refused.error;
  }

  async preferences(userId: string): Promise<NotificationPreferences> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: notificationKeys.preferences(userId), ConsistentRead: true }));
    if (!item) return DEFAULT_PREFERENCES;
    const { userId: _user, ...preferences } = preferencesEntity.fromItem(item);
    return preferences;
  }

  async savePreferences(userId: string, preferences: NotificationPreferences, expectedVersion: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: preferencesEntity.toItem({ ...preferences, userId }),
          // Version 1 is the unsaved default: the item must not exist yet.
          ConditionExpression: expectedVersion === 1 ? 'attribute_not_exists(pk)' : '#v = :v',
          ...(expectedVersion === 1 ? {} : { ExpressionAttributeNames: { '#v': 'version' }, ExpressionAttributeValues: { ':v': expectedVersion } }),
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw stale();
      throw error;
    }
  }
}
