import * as z from 'zod';
import { auditFieldsShape, isoDateTime, moneySchema, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { accountingMoney, MAX_QUANTITY } from '#functions/orders/products/product.schema';
import { businessDateTime, MAX_ORDER_LINES, PAYMENT_METHODS } from '#functions/orders/order/order.schema';

/** One product given back: its units are taken from the order's lines of that product, first line first. */
export const returnLineInput = z.strictObject({
  productId: ulidSchema,
  quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(MAX_QUANTITY),
});
export type ReturnLineInput = z.infer<typeof returnLineInput>;

export const createOrderReturnBody = z.strictObject({
  lines: z.array(returnLineInput).min(1, 'A return needs at least one line.').max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines.`),
  /** true: the goods go back into stock; false: they do not (damaged, written off). */
  restock: z.boolean(),
  reason: text(500),
});
export type CreateOrderReturnInput = z.infer<typeof createOrderReturnBody>;

/** A returned order line: the units given back and the credit they earn. */
export const returnLineSchema = z.strictObject({
  /** The order line the units came from. */
  lineNo: z.number().int().min(1),
  productId: ulidSchema,
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1),
  /** The credit of these units: their share of the line's amount (after its discount), exact to the fen. */
  amount: moneySchema,
});
export type ReturnLine = z.infer<typeof returnLineSchema>;

/** The credit note (红字 / 退货凭证) a return issues: it lowers what the customer owes on the order. */
export const creditNoteSchema = z.strictObject({
  /** `CN-<orderNo>-<n>`: the order's n-th return; unique as order numbers are. */
  number: z.string(),
  /** Σ the lines' amounts. */
  amount: moneySchema,
  issuedAt: isoDateTime,
});
export type CreditNote = z.infer<typeof creditNoteSchema>;

/** A return after delivery, as stored (`ORDER#<orderId>` / `RETURN#<id>`, return.entity.ts) and answered. */
export const orderReturnSchema = z.strictObject({
  id: ulidSchema,
  orderId: ulidSchema,
  orderNo: z.string(),
  lines: z.array(returnLineSchema),
  restock: z.boolean(),
  reason: z.string(),
  creditNote: creditNoteSchema,
  /** The order's version this return made: the If-Match of the order's next change. */
  orderVersion: z.number().int().min(1),
  ...auditFieldsShape,
});
export type OrderReturn = z.infer<typeof orderReturnSchema>;

export const orderReturnListSchema = z.strictObject({
  items: z.array(orderReturnSchema),
  nextCursor: z.string().nullable(),
});

export const listOrderReturnsQuery = z.strictObject({ ...pageQueryShape });
export type ListOrderReturnsQuery = z.infer<typeof listOrderReturnsQuery>;

const positiveMoney = accountingMoney.refine((money) => money.amount > 0, { message: 'Must be more than zero.', path: ['amount'] });

/** A refund: money paid back to the customer, recorded as a negative payment on the order. */
export const createOrderRefundBody = z.strictObject({
  /** How much is paid back (positive); at most what has been paid net of earlier refunds. */
  amount: positiveMoney,
  method: z.enum(PAYMENT_METHODS),
  reason: text(500),
  reference: text(100).optional(),
  /** Defaults to now; never in the future. */
  refundedAt: businessDateTime.optional(),
});
export type CreateOrderRefundInput = z.infer<typeof createOrderRefundBody>;
