import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { orderKeys } from '#shared/keys/orders.keys';
import type { Page, PageKey } from './order.ports';
import type { OrderDetail } from './order.schema';
import { orderEntity } from './order.entity';
import { paymentEntity } from './payment.entity';

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

/**
 * The order with its payments in time order, and every other item of its collection (returns, shipments, invoices)
 * for the caller to count or read: one consistent Query, followed to its end.
 */
export const readOrderCollection = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  orderId: string,
): Promise<{ order: OrderDetail; items: readonly Item[] } | undefined> => {
  const items: Item[] = [];
  let startKey: Item | undefined;
  do {
    const result = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk' },
        ExpressionAttributeValues: { ':pk': orderKeys.collection(orderId) },
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  const head = items.find((item) => item.sk === orderKeys.item(orderId).sk);
  if (!head) return undefined;
  const payments = items.filter((item) => String(item.sk).startsWith(orderKeys.paymentPrefix)).map(paymentEntity.fromItem);
  return { order: { ...orderEntity.fromItem(head), payments }, items };
};
