import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { orderKeys } from '#shared/keys/orders.keys';
import type { Page, PageKey } from './order.ports';

/**
 * One page of an order's item collection under a sort-key prefix (its returns, shipments or invoices), oldest first,
 * read consistently: each list is the Location of a write just made, so it must show that write.
 */
export const queryOrderCollectionPage = async <T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  collection: { orderId: string; prefix: string; fromItem: (item: Record<string, unknown>) => T },
  page: { limit: number; startKey?: PageKey },
): Promise<Page<T>> => {
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
      ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
      ExpressionAttributeValues: { ':pk': orderKeys.collection(collection.orderId), ':prefix': collection.prefix },
      ConsistentRead: true,
      Limit: page.limit,
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map(collection.fromItem),
    ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
  };
};
