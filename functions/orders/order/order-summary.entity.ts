import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { orderKeys } from '#shared/keys/orders.keys';
import type { Order, OrderSummary } from './order.schema';

/**
 * The order summary (the header without lines, and the line count) in the customer's item collection
 * (`pk = CUSTOMER#<customerId>`, `sk = ORDER#<orderedAt>#<orderId>`), declared once: a customer's orders are one
 * Query, and the order lists read it through the order indexes. docs/data-model.md, "Products, orders and payments".
 */
export const ORDER_SUMMARY_FIELDS = fieldsOf<OrderSummary>()(
  'id', 'orderNo', 'customerId', 'customerName', 'status', 'orderedAt', 'total', 'paidAmount', 'balance', 'paymentStatus',
  'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'lineCount', 'custom',
);

/** Summary fields a status move or a payment may change (a subset of the order's, with the same values). */
export const MUTABLE_SUMMARY_FIELDS = [
  'status', 'paidAmount', 'balance', 'paymentStatus', 'version', 'updatedAt', 'updatedBy',
] as const satisfies readonly (keyof OrderSummary)[];

export const orderSummaryEntity = defineEntity<OrderSummary>({
  name: 'OrderSummary',
  fields: ORDER_SUMMARY_FIELDS,
  keyOf: (summary) => orderKeys.summary(summary.customerId, summary.orderedAt, summary.id),
  // All orders by date (gsi4), the orders of one status by date (gsi5; a status move re-points it) and all orders
  // by change time (gsi11, the orders delta feed; every write of the summary moves it with `updatedAt`).
  indexesOf: (summary) => {
    const sk = orderKeys.dateSortKey(summary.orderedAt, summary.id);
    return {
      [orderKeys.byDate.pkAttribute]: orderKeys.byDate.pk(),
      [orderKeys.byDate.skAttribute]: sk,
      [orderKeys.byStatus.pkAttribute]: orderKeys.byStatus.pk(summary.status),
      [orderKeys.byStatus.skAttribute]: sk,
      ...orderFeedAttributesOf(summary),
    };
  },
});

/** The orders feed's index attributes of a summary (also what the back-fill writes: functions/jobs/order-feed-backfill.ts). */
export const orderFeedAttributesOf = (summary: Pick<OrderSummary, 'id' | 'updatedAt'>): Record<string, string> =>
  orderKeys.feedAttributes(summary.id, summary.updatedAt);

/** Summary fields an edit of a placed order may change. */
export const EDITABLE_SUMMARY_FIELDS = [
  'total', 'balance', 'paymentStatus', 'lineCount', 'version', 'updatedAt', 'updatedBy',
] as const satisfies readonly (keyof OrderSummary)[];

/** The summary of an order. */
export const summaryOf = (order: Order): OrderSummary =>
  pickFields<OrderSummary>({ ...order, lineCount: order.lines.length } as unknown as Item, ORDER_SUMMARY_FIELDS);
