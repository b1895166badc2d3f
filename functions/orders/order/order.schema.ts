import * as z from 'zod';
import { auditFieldsShape, isoDateTime, moneySchema, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { customValuesInput, customValuesSchema } from '#shared/custom-fields/custom-values.schema';
import { accountingMoney, MAX_QUANTITY } from '#functions/orders/products/product.schema';
import { paymentTermsDaysSchema } from '#shared/dunning/payment-terms.schema';
import { tombstoneSchema, updatedSinceQuery } from '#shared/customer-records/delta-sync.schema';

/** At most 50 lines: keeps the order item far below 400 KB and its transaction below 100 items (order.rules.ts). */
export const MAX_ORDER_LINES = 50;

export const ORDER_STATUSES = ['placed', 'shipped', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_STATUSES = ['unpaid', 'partial', 'paid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_METHODS = ['bank-transfer', 'cash', 'cheque', 'card', 'alipay', 'wechat-pay', 'other'] as const;
/** What kind of transaction an order records (交易类型); absent on orders placed before it existed (and from quotes): a sale. */
export const TRANSACTION_TYPES = ['sale', 'return', 'renewal'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

/** The day delivery is promised to the customer (a plain date, years 2000–2099). */
export const promisedDeliveryDateSchema = z.iso
  .date()
  .refine((value) => value >= '2000-01-01' && value < '2100-01-01', 'A date between 2000 and 2099.');

export const orderNoSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'Upper-case letters, digits and dashes, 3–32 characters.');

/**
 * A business date-time (order date, payment date): ISO 8601 with `Z` or an offset, or a plain date (midnight
 * UTC), stored normalised as `toISOString()` so that it sorts and compares as a string. Years 2000–2099.
 */
export const businessDateTime = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value).toISOString())
  .refine((value) => value >= '2000-01-01' && value < '2100-01-01', 'A date between 2000 and 2099.');

const positiveMoney = accountingMoney.refine((money) => money.amount > 0, {
  message: 'Must be more than zero.',
  path: ['amount'],
});

export const orderLineInput = z.strictObject({
  productId: ulidSchema,
  quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(MAX_QUANTITY),
  /** Managers only: overrides the product's unit price for this line. */
  unitPrice: accountingMoney.optional(),
  /** An amount off the line (minor units), at most the line's gross amount. */
  discount: accountingMoney.optional(),
});
export type OrderLineInput = z.infer<typeof orderLineInput>;

export const createOrderBody = z.strictObject({
  orderNo: orderNoSchema.optional(),
  /** Defaults to now; an earlier date records an order taken before it was entered. Never in the future. */
  orderedAt: businessDateTime.optional(),
  /** Defaults to the customer's address. */
  deliveryAddress: text(300).optional(),
  note: text(1000).optional(),
  /** Defaults to the customer's payment terms (or 30 days); the balance is due this many days after `orderedAt`. */
  paymentTermsDays: paymentTermsDaysSchema.optional(),
  lines: z
    .array(orderLineInput)
    .min(1, 'An order needs at least one line.')
    .max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines.`),
  /** Custom-field values (shared/custom-fields/), checked against the current definitions by the handler; set on
   * create only (an order's later changes are status moves, line edits and payments). */
  custom: customValuesInput.optional(),
  /** Defaults to `sale`. */
  transactionType: z.enum(TRANSACTION_TYPES).optional(),
  promisedDeliveryDate: promisedDeliveryDateSchema.optional(),
  /** A live contact of the order's customer (400 otherwise). */
  contactId: ulidSchema.optional(),
});
export type CreateOrderInput = z.infer<typeof createOrderBody>;

/** What an edit of a placed order may change (functions/orders/order/edit-order.use-case.ts). */
const orderEditShape = {
  /** The order's new lines, all of them: stock and every figure move by the difference. Only while `placed`. */
  lines: z
    .array(orderLineInput)
    .min(1, 'An order needs at least one line.')
    .max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines.`)
    .optional(),
  transactionType: z.enum(TRANSACTION_TYPES).optional(),
  /** null removes it. */
  promisedDeliveryDate: promisedDeliveryDateSchema.nullable().optional(),
  /** A live contact of the order's customer; null removes it. */
  contactId: ulidSchema.nullable().optional(),
};
const EDIT_FIELDS = Object.keys(orderEditShape);

/**
 * Either a status move (`status`, with a `reason` for a cancellation) or an edit of a placed order (any of the edit
 * fields), never both at once.
 */
export const updateOrderBody = z
  .strictObject({
    status: z.enum(ORDER_STATUSES).optional(),
    /** Why an order is cancelled; only with `cancelled`. */
    reason: text(500).optional(),
    ...orderEditShape,
  })
  .refine((body) => body.reason === undefined || body.status === 'cancelled', {
    message: 'A reason goes with a cancellation only.',
    path: ['reason'],
  })
  .refine((body) => (body.status === undefined) === EDIT_FIELDS.some((field) => (body as Record<string, unknown>)[field] !== undefined), {
    message: 'Either a status move or an edit (lines, transactionType, promisedDeliveryDate, contactId), not both and not neither.',
    path: ['status'],
  });
export type UpdateOrderInput = z.infer<typeof updateOrderBody>;
export type OrderEditInput = Omit<UpdateOrderInput, 'status' | 'reason'>;

export const createPaymentBody = z.strictObject({
  amount: positiveMoney,
  /** Defaults to now; never in the future. */
  paidAt: businessDateTime.optional(),
  method: z.enum(PAYMENT_METHODS),
  reference: text(100).optional(),
  note: text(500).optional(),
});
export type CreatePaymentInput = z.infer<typeof createPaymentBody>;

export const orderIdParams = z.strictObject({ orderId: ulidSchema });
export const customerOrdersParams = z.strictObject({ customerId: ulidSchema });

export const listCustomerOrdersQuery = z.strictObject({
  ...pageQueryShape,
  // The delta feed (docs/api.md, "Delta sync"): the orders changed since (placed, status moved, paid).
  updatedSince: updatedSinceQuery.optional(),
});
export type ListCustomerOrdersQuery = z.infer<typeof listCustomerOrdersQuery>;

/** `from` is inclusive, `to` exclusive; both dates or date-times. Newest first. */
export const listOrdersQuery = z
  .strictObject({
    ...pageQueryShape,
    status: z.enum(ORDER_STATUSES).optional(),
    from: businessDateTime.optional(),
    to: businessDateTime.optional(),
    /** The orders delta feed (docs/api.md, "Delta sync"): not with `status`, `from` or `to`. */
    updatedSince: updatedSinceQuery.optional(),
  })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, {
    message: '`from` must be before `to`.',
    path: ['to'],
  });
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const orderLineSchema = z.strictObject({
  lineNo: z.number().int().min(1),
  productId: ulidSchema,
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: moneySchema,
  discount: moneySchema,
  /** quantity × unitPrice − discount. */
  amount: moneySchema,
  /** Units of this line returned after delivery so far (functions/orders/returns/); absent: none. */
  returnedQuantity: z.number().int().min(1).optional(),
  /** How many of the line went out in shipments, and how many of those arrived (functions/orders/shipments/); absent: none. */
  shippedQuantity: z.number().int().min(0).optional(),
  deliveredQuantity: z.number().int().min(0).optional(),
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** A payment's amount: a refund (functions/orders/returns/create-order-refund.use-case.ts) is a negative payment. */
const signedMoneySchema = z.strictObject({
  amount: z.number().int('Integer minor units (fen / cents).').min(-Number.MAX_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  currency: moneySchema.shape.currency,
});

export const paymentSchema = z.strictObject({
  id: ulidSchema,
  orderId: ulidSchema,
  /** Negative for a refund (its reason is the note). */
  amount: signedMoneySchema,
  paidAt: isoDateTime,
  method: z.enum(PAYMENT_METHODS),
  reference: z.string().optional(),
  note: z.string().optional(),
  ...auditFieldsShape,
});
export type Payment = z.infer<typeof paymentSchema>;

/** The order as stored (header and lines). */
export const orderSchema = z.strictObject({
  id: ulidSchema,
  orderNo: z.string(),
  customerId: ulidSchema,
  customerName: z.string(),
  status: z.enum(ORDER_STATUSES),
  orderedAt: isoDateTime,
  deliveryAddress: z.string(),
  note: z.string().optional(),
  lines: z.array(orderLineSchema),
  /** Σ quantity × unitPrice. */
  subtotal: moneySchema,
  discountTotal: moneySchema,
  /** subtotal − discountTotal = Σ line amounts. */
  total: moneySchema,
  /** Σ payments less Σ refunds. */
  paidAmount: moneySchema,
  /** total − creditedAmount − paidAmount, never negative (an overpayment after a return is refundable, not a balance). */
  balance: moneySchema,
  /** Σ the credit notes of the order's returns (functions/orders/returns/); absent: none. */
  creditedAmount: moneySchema.optional(),
  /**
   * Σ the order's invoices not voided (functions/orders/invoices/); absent: none. An invoice is refused that would take
   * it above `total − creditedAmount` (a later return may leave it above: docs/data-model.md, "Invoices").
   */
  invoicedAmount: moneySchema.optional(),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  shippedAt: isoDateTime.optional(),
  deliveredAt: isoDateTime.optional(),
  cancelledAt: isoDateTime.optional(),
  cancelReason: z.string().optional(),
  /** Payment terms and the due date they give (absent on orders placed before payment terms existed). */
  paymentTermsDays: z.number().int().optional(),
  dueAt: isoDateTime.optional(),
  /** The latest promise to pay recorded by a dunning note (functions/dunning/), until kept or replaced. */
  promise: z
    .strictObject({
      noteId: ulidSchema,
      promisedPayAt: isoDateTime,
      /** Minor units. */
      promisedAmount: z.number().int(),
      /** The paid amount when the promise was made. */
      paidBefore: z.number().int(),
      status: z.enum(['open', 'kept']),
    })
    .optional(),
  /** Custom-field values by key (shared/custom-fields/). */
  custom: customValuesSchema.optional(),
  /** Absent: a sale (orders placed before it existed, and orders from quotes). */
  transactionType: z.enum(TRANSACTION_TYPES).optional(),
  promisedDeliveryDate: z.iso.date().optional(),
  /** A contact of the order's customer. */
  contactId: ulidSchema.optional(),
  ...auditFieldsShape,
});
export type Order = z.infer<typeof orderSchema>;

/** What a single-order route answers: the order with its payments, oldest first. */
export const orderDetailSchema = orderSchema.extend({ payments: z.array(paymentSchema) });
export type OrderDetail = z.infer<typeof orderDetailSchema>;

/** What lists (and the customer 360 view) show: the header without lines. */
export const orderSummarySchema = orderSchema
  .pick({
    id: true,
    orderNo: true,
    customerId: true,
    customerName: true,
    status: true,
    orderedAt: true,
    total: true,
    paidAmount: true,
    balance: true,
    paymentStatus: true,
    version: true,
    createdAt: true,
    createdBy: true,
    updatedAt: true,
    updatedBy: true,
    custom: true,
  })
  .extend({ lineCount: z.number().int().min(1) });
export type OrderSummary = z.infer<typeof orderSummarySchema>;

/** An order as the customer 360 view shows it (its latest 20 orders, newest first). */
export const recentOrderSchema = orderSchema.pick({
  id: true,
  orderNo: true,
  orderedAt: true,
  status: true,
  total: true,
  balance: true,
  paymentStatus: true,
});
export type RecentOrder = z.infer<typeof recentOrderSchema>;

export const orderSummaryListSchema = z.strictObject({
  items: z.array(orderSummarySchema),
  nextCursor: z.string().nullable(),
});

/** A customer's orders, or (`?updatedSince=`) its orders delta feed with `syncedUntil` on the last page. */
export const orderSummaryFeedSchema = orderSummaryListSchema.extend({
  syncedUntil: z.string().optional().describe('On the last page (nextCursor null) of a delta feed: the updatedSince of the next sync'),
});

/**
 * All orders, or (`?updatedSince=`) the orders delta feed across customers: an account manager's also holds
 * tombstones of the orders of customers transferred away from them.
 */
export const allOrdersFeedSchema = orderSummaryFeedSchema.extend({
  items: z.array(z.union([orderSummarySchema, tombstoneSchema])),
});
