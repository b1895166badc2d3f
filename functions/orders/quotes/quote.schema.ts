import * as z from 'zod';
import { auditFieldsShape, isoDateTime, moneySchema, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { customValuesInput } from '#shared/custom-fields/custom-values.schema';
import { ACCOUNTING_CURRENCY, accountingMoney, MAX_QUANTITY } from '#functions/orders/products/product.schema';

/** As many lines as an order: an accepted quote becomes one order in one transaction (order.rules.ts). */
export const MAX_QUOTE_LINES = 50;

export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected', 'expired'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/**
 * A line's discount is a PERCENT of the line's gross amount (quantity × unit price), 0–100 with at most two
 * decimals (12.5 = 12.5 %). The discount in fen is rounded half up to a whole fen per line (quote.rules.ts).
 */
export const discountPercentSchema = z
  .number()
  .min(0, 'At least 0 %.')
  .max(100, 'At most 100 %.')
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, 'At most two decimals (e.g. 12.5).');

export const quoteLineInput = z.strictObject({
  productId: ulidSchema,
  quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(MAX_QUANTITY),
  /** Managers only: the unit price quoted instead of the product's list price. */
  unitPrice: accountingMoney.optional(),
  /** Percent off the line (0–100, two decimals at most); none when absent. */
  discountPercent: discountPercentSchema.optional(),
});
export type QuoteLineInput = z.infer<typeof quoteLineInput>;

/** `YYYY-MM-DD`: the last day (China time) the quote may be accepted. */
export const validUntilSchema = z.iso.date().refine((value) => value >= '2000-01-01' && value < '2100-01-01', 'A date between 2000 and 2099.');

const quoteLines = z.array(quoteLineInput).min(1, 'A quote needs at least one line.').max(MAX_QUOTE_LINES, `At most ${MAX_QUOTE_LINES} lines.`);

export const createQuoteBody = z.strictObject({
  lines: quoteLines,
  validUntil: validUntilSchema,
  /** Payment, delivery and other terms, printed on the quote. */
  terms: text(2000).optional(),
  /** Orders are kept in the accounting currency, so a quote is too. */
  currency: z.literal(ACCOUNTING_CURRENCY).default(ACCOUNTING_CURRENCY),
  opportunityId: ulidSchema.optional(),
  contactId: ulidSchema.optional(),
  /** Where the order goes once the quote is accepted; defaults to the customer's address then. */
  deliveryAddress: text(300).optional(),
});
export type CreateQuoteInput = z.infer<typeof createQuoteBody>;

/** A draft's changes; `null` clears an optional field. Lines are replaced as a whole. */
export const updateQuoteBody = z
  .strictObject({
    lines: quoteLines.optional(),
    validUntil: validUntilSchema.optional(),
    terms: text(2000).nullable().optional(),
    opportunityId: ulidSchema.nullable().optional(),
    contactId: ulidSchema.nullable().optional(),
    deliveryAddress: text(300).nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), { message: 'Nothing to change.' });
export type UpdateQuoteInput = z.infer<typeof updateQuoteBody>;

export const acceptQuoteBody = z.strictObject({
  /** Where the order goes; defaults to the quote's, then the customer's address. */
  deliveryAddress: text(300).optional(),
  /** The order's custom-field values (shared/custom-fields/): checked against the order definitions like an order
   * placed directly, so a required order field is required here too. */
  custom: customValuesInput.optional(),
});
export type AcceptQuoteInput = z.infer<typeof acceptQuoteBody>;

export const rejectQuoteBody = z.strictObject({ reason: text(500).optional() });
export type RejectQuoteInput = z.infer<typeof rejectQuoteBody>;

export const quoteIdParams = z.strictObject({ quoteId: ulidSchema });
export const customerQuotesParams = z.strictObject({ customerId: ulidSchema });
export const listCustomerQuotesQuery = z.strictObject({ ...pageQueryShape });
export type ListCustomerQuotesQuery = z.infer<typeof listCustomerQuotesQuery>;

export const quoteLineSchema = z.strictObject({
  lineNo: z.number().int().min(1),
  productId: ulidSchema,
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1),
  unitPrice: moneySchema,
  discountPercent: z.number().min(0).max(100),
  /** round-half-up(quantity × unitPrice × discountPercent / 100), in fen. */
  discount: moneySchema,
  /** quantity × unitPrice − discount. */
  amount: moneySchema,
});
export type QuoteLine = z.infer<typeof quoteLineSchema>;

export const quoteSchema = z.strictObject({
  id: ulidSchema,
  quoteNo: z.string(),
  customerId: ulidSchema,
  customerName: z.string(),
  status: z.enum(QUOTE_STATUSES),
  currency: z.string(),
  lines: z.array(quoteLineSchema),
  /** Σ quantity × unitPrice. */
  subtotal: moneySchema,
  /** Σ line discounts. */
  discountTotal: moneySchema,
  /** subtotal − discountTotal = Σ line amounts. */
  total: moneySchema,
  validUntil: z.iso.date(),
  /** When it stops being acceptable: the day after validUntil, 00:00 China time (UTC+8). */
  expiresAt: isoDateTime,
  terms: z.string().optional(),
  opportunityId: ulidSchema.optional(),
  contactId: ulidSchema.optional(),
  deliveryAddress: z.string().optional(),
  sentAt: isoDateTime.optional(),
  acceptedAt: isoDateTime.optional(),
  rejectedAt: isoDateTime.optional(),
  rejectReason: z.string().optional(),
  expiredAt: isoDateTime.optional(),
  /** The order the accepted quote became. */
  orderId: ulidSchema.optional(),
  orderNo: z.string().optional(),
  ...auditFieldsShape,
});
export type Quote = z.infer<typeof quoteSchema>;

/** A quote as the customer 360 view lists it: what tells quotes apart, without the lines. */
export const quoteSummarySchema = quoteSchema.pick({
  id: true, quoteNo: true, status: true, total: true, validUntil: true, opportunityId: true, orderId: true, createdAt: true, createdBy: true, updatedAt: true,
});
export type QuoteSummary = z.infer<typeof quoteSummarySchema>;

export const quoteSummaryOf = (quote: Quote): QuoteSummary => {
  const { id, quoteNo, status, total, validUntil, opportunityId, orderId, createdAt, createdBy, updatedAt } = quote;
  return { id, quoteNo, status, total, validUntil, ...(opportunityId ? { opportunityId } : {}), ...(orderId ? { orderId } : {}), createdAt, createdBy, updatedAt };
};

export const quoteListSchema = z.strictObject({
  items: z.array(quoteSchema),
  nextCursor: z.string().nullable(),
});
