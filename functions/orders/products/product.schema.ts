import * as z from 'zod';
import { auditFieldsShape, code, moneySchema, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';

/**
 * The accounting currency. Every price, order, payment, lifetime value and aggregate is in it, so sums are
 * exact integers of one unit (fen). Money still travels as `{ amount, currency }`, so that accepting other
 * currencies later (with exchange rules for lifetime value and reports) is a compatible change.
 */
export const ACCOUNTING_CURRENCY = 'CNY';

/** Money in the accounting currency, integer minor units, ≥ 0. */
export const accountingMoney = moneySchema.refine(
  (money) => money.currency === ACCOUNTING_CURRENCY,
  { message: `Only ${ACCOUNTING_CURRENCY} is accepted.`, path: ['currency'] },
);

/** The largest quantity a line, a stock figure or an adjustment may hold: far beyond any real stock. */
export const MAX_QUANTITY = 1_000_000_000;

export const productCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{1,31}$/, 'Upper-case letters, digits, dots, dashes and underscores, 2–32 characters.');

const writable = {
  name: text(200),
  model: text(100),
  unit: text(20),
  unitPrice: accountingMoney,
  location: text(100),
  active: z.boolean(),
  description: text(2000),
  /** A code of the data dictionary's `product-category` list, checked by the handlers. */
  category: code,
  /** What the product costs the company: shown to administrators and sales managers only (product-view.ts). */
  costPrice: accountingMoney,
  /** Stock on hand at or below it flags the product `belowReorderLevel`. */
  reorderLevel: z.number().int('A whole number.').min(0).max(MAX_QUANTITY),
};

export const createProductBody = z.strictObject({
  code: productCodeSchema,
  name: writable.name,
  model: writable.model.optional(),
  unit: writable.unit,
  unitPrice: writable.unitPrice,
  location: writable.location.optional(),
  active: writable.active.default(true),
  description: writable.description.optional(),
  category: writable.category.optional(),
  costPrice: writable.costPrice.optional(),
  reorderLevel: writable.reorderLevel.optional(),
  /** Opening stock; recorded as the product's first stock adjustment. Later changes go through adjustments. */
  stockOnHand: z.number().int('A whole number.').min(0).max(MAX_QUANTITY).default(0),
});
export type CreateProductInput = z.infer<typeof createProductBody>;

/** Code and stock are not editable: the code is the product's identity, stock moves only by adjustments and orders. */
export const updateProductBody = z
  .strictObject({
    name: writable.name.optional(),
    model: writable.model.nullable().optional(),
    unit: writable.unit.optional(),
    unitPrice: writable.unitPrice.optional(),
    location: writable.location.nullable().optional(),
    active: writable.active.optional(),
    description: writable.description.nullable().optional(),
    category: writable.category.nullable().optional(),
    costPrice: writable.costPrice.nullable().optional(),
    reorderLevel: writable.reorderLevel.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type UpdateProductInput = z.infer<typeof updateProductBody>;

export const stockAdjustmentBody = z.strictObject({
  delta: z
    .number()
    .int('A whole number.')
    .min(-MAX_QUANTITY)
    .max(MAX_QUANTITY)
    .refine((delta) => delta !== 0, 'A stock adjustment must change the stock.'),
  reason: text(200),
});
export type StockAdjustmentInput = z.infer<typeof stockAdjustmentBody>;

export const productIdParams = z.strictObject({ productId: ulidSchema });

export const listProductsQuery = z.strictObject({
  ...pageQueryShape,
  q: z.string().trim().min(1).max(100).optional(),
  active: z.enum(['true', 'false']).transform((value) => value === 'true').optional(),
});
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

/** The product as stored (product.entity.ts): every field, the cost price included. */
export const storedProductSchema = z.strictObject({
  id: ulidSchema,
  code: z.string(),
  name: z.string(),
  model: z.string().optional(),
  unit: z.string(),
  unitPrice: moneySchema,
  stockOnHand: z.number().int().min(0),
  location: z.string().optional(),
  active: z.boolean(),
  description: z.string().optional(),
  category: z.string().optional(),
  costPrice: moneySchema.optional(),
  reorderLevel: z.number().int().min(0).optional(),
  ...auditFieldsShape,
});
export type Product = z.infer<typeof storedProductSchema>;

/**
 * The product as the API answers it (product-view.ts): `costPrice` only for the roles that may see it (absent for
 * the others), and `belowReorderLevel`, derived from the stock on hand and the reorder level, never stored.
 */
export const productSchema = storedProductSchema.extend({
  belowReorderLevel: z.boolean(),
});
export type ProductView = z.infer<typeof productSchema>;

export const productListSchema = z.strictObject({
  items: z.array(productSchema),
  nextCursor: z.string().nullable(),
});

export const stockAdjustmentSchema = z.strictObject({
  id: ulidSchema,
  productId: ulidSchema,
  delta: z.number().int(),
  reason: z.string(),
  ...auditFieldsShape,
});
export type StockAdjustment = z.infer<typeof stockAdjustmentSchema>;
