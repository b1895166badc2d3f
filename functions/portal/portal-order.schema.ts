import * as z from 'zod';
import { isoDateTime, moneySchema, pageQueryShape, ulidSchema } from '#shared/core/schema-primitives';
import { ORDER_STATUSES, PAYMENT_STATUSES } from '#functions/orders/order/order.schema';

/**
 * The portal's orders (issue 21): what a customer sees of their company's orders — an allow-list (portal-order.view.ts):
 * never the order's internal note, cancellation reason, custom fields, dunning promise or staff usernames.
 */
export const portalOrderParams = z.strictObject({ orderId: ulidSchema });
export const listPortalOrdersQuery = z.strictObject({ ...pageQueryShape });
export type ListPortalOrdersQuery = z.infer<typeof listPortalOrdersQuery>;

const portalOrderShape = {
  id: ulidSchema,
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  orderedAt: isoDateTime,
  total: moneySchema,
  paidAmount: moneySchema,
  /** What is still owed on the order. */
  balance: moneySchema,
  paymentStatus: z.enum(PAYMENT_STATUSES),
  version: z.number().int().min(1),
};

/** An order in the portal's list. */
export const portalOrderSummarySchema = z.strictObject({ ...portalOrderShape, lineCount: z.number().int().min(1) });
export type PortalOrderSummary = z.infer<typeof portalOrderSummarySchema>;

export const portalOrderLineSchema = z.strictObject({
  lineNo: z.number().int().min(1),
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: moneySchema,
  discount: moneySchema,
  amount: moneySchema,
});

/**
 * `GET /portal/v1/orders/{orderId}`: the order with its lines, status, shipment and balance. The CRM keeps no
 * shipment records: `shipment` is the order's shipped and delivered dates, absent until it ships.
 */
export const portalOrderSchema = z.strictObject({
  ...portalOrderShape,
  deliveryAddress: z.string(),
  lines: z.array(portalOrderLineSchema),
  subtotal: moneySchema,
  discountTotal: moneySchema,
  dueAt: isoDateTime.optional(),
  shipment: z.strictObject({ shippedAt: isoDateTime.optional(), deliveredAt: isoDateTime.optional() }).optional(),
  cancelledAt: isoDateTime.optional(),
});
export type PortalOrder = z.infer<typeof portalOrderSchema>;

export const portalOrderListSchema = z.strictObject({ items: z.array(portalOrderSummarySchema), nextCursor: z.string().nullable() });
