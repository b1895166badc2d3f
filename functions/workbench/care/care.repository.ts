import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PageKey } from '#shared/http/cursor';
import { customerKeys } from '#shared/keys/customer.keys';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import type { CareRepository } from './care.ports';

/**
 * The care list on the single table: the owner index of customers (`gsi1`, `OWNER#<ownerId>`, archived customers are
 * not on it) and the care index of reminders (`gsi1`, `CARE#<customerId>`, `<dueAt>#<sourceId>`: `BETWEEN <from> AND
 * <to>` keeps `to` exclusive, an item at exactly `to` sorts after it).
 */
export const dynamoDbCareRepository = (client: DynamoDBDocumentClient, tableName: string): CareRepository => ({
  async customersOf(ownerId, page) {
    const index = customerKeys.byOwner;
    // A cursor is bound to its query (shared/http/request.ts); a key of another index is still refused, never sent.
    if (page.startKey && ![index.pkAttribute, index.skAttribute, 'pk', 'sk'].every((key) => typeof page.startKey?.[key] === 'string')) {
      throw new DomainError(ErrorCode.InvalidCursor, 'The cursor is not valid for this query.');
    }
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#id, #name',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#id': 'id', '#name': 'name' },
        ExpressionAttributeValues: { ':pk': index.pk(ownerId) },
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => ({ id: String(item.id), name: String(item.name) })),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  },
  async careOf(customerId, from, to, limit) {
    const index = reminderKeys.careByCustomer;
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#pk': index.pkAttribute, '#sk': index.skAttribute },
        ExpressionAttributeValues: { ':pk': index.pk(customerId), ':from': from, ':to': to },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(reminderEntity.fromItem);
  },
});
