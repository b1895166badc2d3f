import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { Item } from '#shared/db/item';
import { pickFields } from '#shared/db/item';
import { orderKeys } from '#shared/keys/orders.keys';
import type { Order, OrderLine } from './order.schema';

/**
 * The order item (`pk = ORDER#<id>`, `sk = ORDER`): the header with its lines, declared once. Its payments follow
 * in the same item collection (payment.entity.ts); docs/data-model.md, "Products, orders and payments".
 */
export const ORDER_FIELDS = fieldsOf<Order>()(
  'id', 'orderNo', 'customerId', 'customerName', 'status', 'orderedAt', 'deliveryAddress', 'note', 'lines', 'subtotal',
  'discountTotal', 'total', 'paidAmount', 'balance', 'paymentStatus', 'shippedAt', 'deliveredAt', 'cancelledAt',
  'cancelReason', 'paymentTermsDays', 'dueAt', 'promise', 'custom',
  'transactionType', 'promisedDeliveryDate', 'contactId', 'creditedAmount', 'invoicedAmount', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

/** An order line, stored inside the order item (`lines`): no item of its own, the order's limits bound it. */
export const ORDER_LINE_FIELDS = fieldsOf<OrderLine>()(
  'lineNo', 'productId', 'productCode', 'productName', 'unit', 'quantity', 'unitPrice', 'discount', 'amount', 'returnedQuantity',
  'shippedQuantity', 'deliveredQuantity',
);

/** Order fields an edit of a placed order may change (edit-order.use-case.ts); the optional ones may also be removed. */
export const EDITABLE_ORDER_FIELDS = [
  'lines', 'subtotal', 'discountTotal', 'total', 'balance', 'paymentStatus', 'transactionType', 'promisedDeliveryDate', 'contactId',
  'version', 'updatedAt', 'updatedBy',
] as const satisfies readonly (keyof Order)[];
export const REMOVABLE_ORDER_FIELDS = ['promisedDeliveryDate', 'contactId'] as const satisfies readonly (keyof Order)[];

/** Order fields a status move or a payment may change; the order item and its summary get the same values. */
export const MUTABLE_ORDER_FIELDS = [
  'status', 'paidAmount', 'balance', 'paymentStatus', 'shippedAt', 'deliveredAt', 'cancelledAt', 'cancelReason', 'promise',
  'version', 'updatedAt', 'updatedBy',
] as const satisfies readonly (keyof Order)[];

/** Order fields a return after delivery changes (functions/orders/returns/): the lines' returned quantities, the credit. */
export const RETURN_ORDER_FIELDS = [
  'lines', 'creditedAmount', 'balance', 'paymentStatus', 'promise', 'version', 'updatedAt', 'updatedBy',
] as const satisfies readonly (keyof Order)[];

const base = defineEntity<Order>({
  name: 'Order',
  fields: ORDER_FIELDS,
  keyOf: (order) => orderKeys.item(order.id),
});

export const orderEntity = {
  ...base,
  /** The header's declared fields, and each line's. */
  fromItem: (item: Item): Order => {
    const order = base.fromItem(item);
    return Array.isArray(order.lines) ? { ...order, lines: order.lines.map((line) => pickFields<OrderLine>(line as unknown as Item, ORDER_LINE_FIELDS)) } : order;
  },
};
