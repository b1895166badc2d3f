import type { Item } from '#shared/db/item';
import { part, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys } from '#shared/keys/orders.keys';
import { orderSummaryEntity, summaryOf } from '#functions/orders/order/order-summary.entity';
import type { Order } from '#functions/orders/order/order.schema';

/**
 * The order side of a shipment's or an invoice's transaction: the order item's changed fields (conditional on the
 * version read), its summary (status, version, `updatedAt`, and so the status index and the delta feed's keys) and,
 * for an account manager, the check that the order's customer is still theirs.
 */
export type OrderProgressLabel = 'order' | 'summary' | 'scope';

const SUMMARY_FIELDS_MOVED = ['status', 'version', 'updatedAt', 'updatedBy'] as const;

const definedFields = (source: object, fields: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((field) => [field, (source as Item)[field]]).filter(([, value]) => value !== undefined));

export const customerInScope = (tableName: string, customerId: string, ownerScope: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: customerKeys.item(customerId),
    ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope',
    ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#ownerId': 'ownerId' },
    ExpressionAttributeValues: { ':ownerScope': ownerScope },
  },
});

export const orderProgressParts = (
  tableName: string,
  write: { current: Order; next: Order; ownerScope?: string | undefined },
  fields: readonly (keyof Order)[],
): TransactionPart<OrderProgressLabel>[] => {
  const { current, next, ownerScope } = write;
  const summary = summaryOf(next);
  return [
    part(
      'order',
      conditionalUpdate(tableName, orderKeys.item(current.id), buildUpdateExpression({ set: definedFields(next, fields) }), {
        ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
        names: { '#pk': 'pk', '#version': 'version' },
        values: { ':expectedVersion': current.version },
      }),
    ),
    part(
      'summary',
      conditionalUpdate(
        tableName,
        orderKeys.summary(current.customerId, current.orderedAt, current.id),
        buildUpdateExpression({ set: { ...definedFields(summary, SUMMARY_FIELDS_MOVED), ...orderSummaryEntity.indexAttributes(summary) } }),
        { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
      ),
    ),
    ...(ownerScope === undefined ? [] : [part('scope', customerInScope(tableName, current.customerId, ownerScope))]),
  ];
};
