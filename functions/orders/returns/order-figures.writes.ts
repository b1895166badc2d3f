import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { part, transactParts, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { assertFitsOneTransaction } from '#functions/orders/order/order.rules';
import type { Order } from '#functions/orders/order/order.schema';
import { MUTABLE_SUMMARY_FIELDS, orderSummaryEntity, summaryOf } from '#functions/orders/order/order-summary.entity';

/**
 * The elements a return and a refund share with the other order writes (order-changes.repository.ts): the order item
 * held to a version, its summary, the recent-orders entry, the scope check and the order's audit entry.
 */

const definedFields = (source: object, fields: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((field) => [field, (source as Item)[field]]).filter(([, value]) => value !== undefined));

/** The order item gets `fields` of `next`, only while at `expectedVersion`. */
export const orderAtVersion = (tableName: string, next: Order, fields: readonly string[], expectedVersion: number): TransactItem =>
  conditionalUpdate(tableName, orderKeys.item(next.id), buildUpdateExpression({ set: definedFields(next, fields) }), {
    ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
    names: { '#pk': 'pk', '#version': 'version' },
    values: { ':expectedVersion': expectedVersion },
  });

/** The order's summary follows (paid amount, balance, payment status, version, stamp, the feed's index attributes). */
export const summaryFollows = (tableName: string, next: Order): TransactItem => {
  const summary = summaryOf(next);
  return conditionalUpdate(
    tableName,
    orderKeys.summary(next.customerId, next.orderedAt, next.id),
    buildUpdateExpression({ set: { ...definedFields(summary, MUTABLE_SUMMARY_FIELDS), ...orderSummaryEntity.indexAttributes(summary) } }),
    { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
  );
};

/** For a caller limited to their own customers: the order's customer must still be theirs and not archived. */
export const customerInScope = (tableName: string, customerId: string, ownerScope: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: customerKeys.item(customerId),
    ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope',
    ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#ownerId': 'ownerId' },
    ExpressionAttributeValues: { ':ownerScope': ownerScope },
  },
});


/** The order's entry in the recent-orders projection, if it is there (balance and payment status); the revision moves. */
const recentEntryUpdate = (tableName: string, next: Order): TransactItem => {
  const entry = `orders.${next.id}`;
  return conditionalUpdate(
    tableName,
    orderKeys.recent(next.customerId),
    buildUpdateExpression({ set: { [`${entry}.balance`]: next.balance, [`${entry}.paymentStatus`]: next.paymentStatus }, add: { revision: 1 } }),
    { ConditionExpression: 'attribute_exists(#orders.#id)', names: { '#orders': 'orders', '#id': next.id } },
  );
};

/**
 * Sends the elements with the recent-orders entry before the audit entries; refused by that entry ALONE (the order is
 * not among the customer's 20 newest), the same write goes again without it.
 */
export const sendWithRecent = async <L extends string>(
  client: DynamoDBDocumentClient,
  tableName: string,
  sent: readonly TransactionPart<L | 'recent'>[],
  next: Order,
): Promise<RefusedParts<L | 'recent'> | undefined> => {
  const withRecent = [
    ...sent.filter((element) => element.label !== 'audit'),
    part('recent' as const, recentEntryUpdate(tableName, next)),
    ...sent.filter((element) => element.label === 'audit'),
  ];
  assertFitsOneTransaction(withRecent.length);
  const refused = await transactParts(client, withRecent);
  if (!refused || refused.labels.some((label) => label !== 'recent')) return refused;
  return transactParts(client, sent);
};
