import * as z from 'zod';
import { auditFieldsShape, isoDateTime, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { businessDateTime, MAX_ORDER_LINES } from '#functions/orders/order/order.schema';
import { MAX_QUANTITY } from '#functions/orders/products/product.schema';

/** A shipment is in transit until its delivery is recorded (functions/orders/shipments/deliver-shipment.use-case.ts). */
export const SHIPMENT_STATUSES = ['in_transit', 'delivered'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Who receives the goods (收货人): name, phone and address, as printed on the delivery list (送货清单). */
export const consigneeSchema = z.strictObject({
  name: text(100),
  phone: text(40),
  address: text(300),
});
export type Consignee = z.infer<typeof consigneeSchema>;

export const shipmentLineInput = z.strictObject({
  productId: ulidSchema,
  quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(MAX_QUANTITY),
});
export type ShipmentLineInput = z.infer<typeof shipmentLineInput>;

export const createShipmentBody = z
  .strictObject({
    carrier: text(100),
    trackingNumber: text(64),
    consignee: consigneeSchema,
    /** Defaults to now; never in the future, never before the order was placed. */
    shippedAt: businessDateTime.optional(),
    /** The products shipped and how many of each (at most what is ordered and not yet shipped); each product once. */
    lines: z
      .array(shipmentLineInput)
      .min(1, 'A shipment needs at least one line.')
      .max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines.`),
  })
  .superRefine((body, context) => {
    const seen = new Set<string>();
    body.lines.forEach((line, index) => {
      if (seen.has(line.productId)) context.addIssue({ code: 'custom', path: ['lines', index, 'productId'], message: 'Each product once per shipment.' });
      seen.add(line.productId);
    });
  });
export type CreateShipmentInput = z.infer<typeof createShipmentBody>;

export const deliverShipmentBody = z.strictObject({
  /** Defaults to now; never in the future, never before the shipment left. */
  deliveredAt: businessDateTime.optional(),
});
export type DeliverShipmentInput = z.infer<typeof deliverShipmentBody>;

export const orderShipmentsParams = z.strictObject({ orderId: ulidSchema });
export const shipmentIdParams = z.strictObject({ orderId: ulidSchema, shipmentId: ulidSchema });
export const listShipmentsQuery = z.strictObject({ ...pageQueryShape });
export type ListShipmentsQuery = z.infer<typeof listShipmentsQuery>;

export const shipmentLineSchema = z.strictObject({
  productId: ulidSchema,
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1),
});
export type ShipmentLine = z.infer<typeof shipmentLineSchema>;

/** A shipment as stored and answered. */
export const shipmentSchema = z.strictObject({
  id: ulidSchema,
  orderId: ulidSchema,
  orderNo: z.string(),
  customerId: ulidSchema,
  customerName: z.string(),
  status: z.enum(SHIPMENT_STATUSES),
  carrier: z.string(),
  trackingNumber: z.string(),
  consignee: consigneeSchema,
  shippedAt: isoDateTime,
  deliveredAt: isoDateTime.optional(),
  lines: z.array(shipmentLineSchema),
  /** The order's version after this shipment's last write (its creation or delivery): the If-Match of the order's next write. */
  orderVersion: z.number().int().min(1),
  ...auditFieldsShape,
});
export type Shipment = z.infer<typeof shipmentSchema>;

export const shipmentListSchema = z.strictObject({
  items: z.array(shipmentSchema),
  nextCursor: z.string().nullable(),
});

/** A shipment as the customer 360 view shows it (in transit, newest first). */
export const shipmentSummarySchema = shipmentSchema.pick({
  id: true,
  orderId: true,
  orderNo: true,
  status: true,
  carrier: true,
  trackingNumber: true,
  shippedAt: true,
});
export type ShipmentSummary = z.infer<typeof shipmentSummarySchema>;

export const shipmentSummaryOf = (shipment: Shipment): ShipmentSummary => ({
  id: shipment.id,
  orderId: shipment.orderId,
  orderNo: shipment.orderNo,
  status: shipment.status,
  carrier: shipment.carrier,
  trackingNumber: shipment.trackingNumber,
  shippedAt: shipment.shippedAt,
});
