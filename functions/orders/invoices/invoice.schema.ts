import * as z from 'zod';
import { auditFieldsShape, isoDateTime, moneySchema, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { businessDateTime, MAX_ORDER_LINES } from '#functions/orders/order/order.schema';
import { accountingMoney, MAX_QUANTITY } from '#functions/orders/products/product.schema';

/** 普票 (ordinary VAT invoice) and 专票 (special VAT invoice: the buyer's tax number is required). */
export const INVOICE_TYPES = ['ordinary', 'special'] as const;
export type InvoiceType = (typeof INVOICE_TYPES)[number];
/** An invoice is issued, then perhaps void (作废); a void invoice keeps its number (never reused). */
export const INVOICE_STATUSES = ['issued', 'void'] as const;

export const invoiceNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{2,31}$/, 'Upper-case letters, digits and dashes, 3–32 characters.');

/**
 * A VAT rate in percent (13, 9, 6, 3, 1, 0 …): 0–100 with at most two decimals, stored as exactly that (a rate within
 * a float's error of two decimals, or as tiny as 5e-324 — which DynamoDB cannot store: found by the fuzz — is rounded
 * to it).
 */
export const taxRateSchema = z
  .number()
  .min(0, 'At least 0 %.')
  .max(100, 'At most 100 %.')
  .refine((value) => Math.abs(Math.round(value * 100) - value * 100) < 1e-6, 'At most two decimals (e.g. 13 or 6.5).')
  .transform((value) => Math.round(value * 100) / 100 + 0);

export const invoiceLineInput = z.strictObject({
  productId: ulidSchema,
  quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(MAX_QUANTITY),
});
export type InvoiceLineInput = z.infer<typeof invoiceLineInput>;

export const createInvoiceBody = z
  .strictObject({
    /** The invoice number (发票号码); generated (`I<yymmdd>-<5 characters>`) when absent. Unique across the company. */
    number: invoiceNumberSchema.optional(),
    type: z.enum(INVOICE_TYPES),
    taxRate: taxRateSchema,
    /** The issue date (开票日期): never in the future, never before the order's day. */
    issuedAt: businessDateTime,
    /** The products invoiced (their share of the order lines' amounts), or … */
    lines: z.array(invoiceLineInput).min(1, 'At least one line.').max(MAX_ORDER_LINES, `At most ${MAX_ORDER_LINES} lines.`).optional(),
    /** … the amount invoiced, tax included (价税合计), in fen. */
    amount: accountingMoney.refine((money) => money.amount > 0, { message: 'Must be more than zero.', path: ['amount'] }).optional(),
  })
  .refine((body) => (body.lines === undefined) !== (body.amount === undefined), { message: 'Either lines or amount, not both and not neither.', path: ['amount'] })
  .superRefine((body, context) => {
    const seen = new Set<string>();
    (body.lines ?? []).forEach((line, index) => {
      if (seen.has(line.productId)) context.addIssue({ code: 'custom', path: ['lines', index, 'productId'], message: 'Each product once per invoice.' });
      seen.add(line.productId);
    });
  });
export type CreateInvoiceInput = z.infer<typeof createInvoiceBody>;

export const voidInvoiceBody = z.strictObject({ reason: text(500).optional() });
export type VoidInvoiceInput = z.infer<typeof voidInvoiceBody>;

export const orderInvoicesParams = z.strictObject({ orderId: ulidSchema });
export const invoiceIdParams = z.strictObject({ orderId: ulidSchema, invoiceId: ulidSchema });
export const listInvoicesQuery = z.strictObject({ ...pageQueryShape });
export type ListInvoicesQuery = z.infer<typeof listInvoicesQuery>;

/** The buyer's invoicing details, COPIED from the customer when the invoice is issued (a later change of the customer leaves it). */
export const invoiceBuyerSchema = z.strictObject({
  name: z.string(),
  nationalTaxNo: z.string().optional(),
  localTaxNo: z.string().optional(),
  address: z.string().optional(),
  phone: z.string().optional(),
  bank: z.string().optional(),
  bankAccount: z.string().optional(),
});
export type InvoiceBuyer = z.infer<typeof invoiceBuyerSchema>;

export const invoiceLineSchema = z.strictObject({
  productId: ulidSchema,
  productCode: z.string(),
  productName: z.string(),
  unit: z.string(),
  quantity: z.number().int().min(1),
  /** Tax included, in fen: the product's share of its order lines' amounts. */
  amount: moneySchema,
});
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

/** An invoice as stored (`ORDER#<orderId>` / `INVOICE#<id>`, invoice.entity.ts) and answered. */
export const invoiceSchema = z.strictObject({
  id: ulidSchema,
  number: z.string(),
  orderId: ulidSchema,
  orderNo: z.string(),
  customerId: ulidSchema,
  type: z.enum(INVOICE_TYPES),
  status: z.enum(INVOICE_STATUSES),
  /** Percent. */
  taxRate: z.number(),
  /** Tax included (价税合计) = netAmount + taxAmount, exactly. */
  amount: moneySchema,
  /** Before tax (金额). */
  netAmount: moneySchema,
  /** round-half-up(amount × rate / (100 + rate)) to the fen (税额). */
  taxAmount: moneySchema,
  issuedAt: isoDateTime,
  lines: z.array(invoiceLineSchema).optional(),
  buyer: invoiceBuyerSchema,
  voidedAt: isoDateTime.optional(),
  voidReason: z.string().optional(),
  /** The order's version after this invoice's last write (its issue or its voiding): the If-Match of the order's next write. */
  orderVersion: z.number().int().min(1),
  ...auditFieldsShape,
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceListSchema = z.strictObject({
  items: z.array(invoiceSchema),
  nextCursor: z.string().nullable(),
});

/** An invoice as the customer 360 view shows it (the newest 20, issued or void; no lines, no buyer). */
export const invoiceSummarySchema = invoiceSchema.pick({
  id: true,
  number: true,
  orderId: true,
  orderNo: true,
  type: true,
  status: true,
  amount: true,
  taxAmount: true,
  issuedAt: true,
});
export type InvoiceSummary = z.infer<typeof invoiceSummarySchema>;

export const invoiceSummaryOf = (invoice: Invoice): InvoiceSummary => ({
  id: invoice.id,
  number: invoice.number,
  orderId: invoice.orderId,
  orderNo: invoice.orderNo,
  type: invoice.type,
  status: invoice.status,
  amount: invoice.amount,
  taxAmount: invoice.taxAmount,
  issuedAt: invoice.issuedAt,
});
