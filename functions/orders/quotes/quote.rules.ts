import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { MAX_SUMMED_AMOUNT } from '#shared/core/schema-primitives';
import type { StockMove } from '#functions/orders/order/order.ports';
import { money } from '#functions/orders/order/order.rules';
import type { Product } from '#functions/orders/products/product.schema';
import type { QuoteReferences } from './quote.ports';
import type { Quote, QuoteLine, QuoteLineInput, QuoteStatus } from './quote.schema';

/** Rules of quotations: totals to the fen, validity, the life cycle. */

export const quoteNotFound = (quoteId: string): DomainError => new DomainError(ErrorCode.QuoteNotFound, `Quote ${quoteId} does not exist.`);

// ------------------------------------------------------------------------------------------- references

/**
 * A quote may name only an opportunity of its own customer and a live contact of that customer: anything else is a
 * 400 naming the field (never a hint of what the id is, when it is another customer's).
 */
export const assertReferences = (
  customerId: string,
  refs: { opportunityId?: string | null; contactId?: string | null },
  found: QuoteReferences,
): void => {
  const errors: FieldError[] = [];
  if (refs.opportunityId && found.opportunity?.customerId !== customerId) {
    errors.push({ path: 'body.opportunityId', message: `Opportunity ${refs.opportunityId} is not an opportunity of customer ${customerId}.` });
  }
  if (refs.contactId && found.contact?.live !== true) {
    errors.push({ path: 'body.contactId', message: `Contact ${refs.contactId} is not a contact of customer ${customerId}.` });
  }
  if (errors.length > 0) throw new DomainError(ErrorCode.ValidationFailed, 'The quote names records of another customer; see errors.', { errors });
};

/** The references a create or PATCH sets (a `null` clears one and needs no check); undefined when none. */
export const referencesOf = (input: { opportunityId?: string | null; contactId?: string | null }): { opportunityId?: string; contactId?: string } | undefined => {
  const refs = { ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}), ...(input.contactId ? { contactId: input.contactId } : {}) };
  return Object.keys(refs).length > 0 ? refs : undefined;
};

// ------------------------------------------------------------------------------------------- totals

/**
 * The discount of a line in fen: gross × percent / 100, rounded half up to a whole fen (12.5 % of 1.01 yuan =
 * 12.625 fen → 13 fen). Exact: the percent is held as basis points (two decimals) and the product is taken in
 * BigInt, so no binary fraction ever rounds a fen away.
 */
export const lineDiscountOf = (gross: number, discountPercent: number): number => {
  const basisPoints = BigInt(Math.round(discountPercent * 100));
  return Number((BigInt(gross) * basisPoints + 5_000n) / 10_000n);
};

export interface PricedQuote {
  readonly lines: QuoteLine[];
  readonly subtotal: number;
  readonly discountTotal: number;
  readonly total: number;
}

/**
 * Prices a quote's lines: unit price from the product unless a manager quotes another, discount by percent
 * (`lineDiscountOf`), amount = gross − discount; subtotal = Σ gross, discountTotal = Σ discounts, total = Σ amounts
 * (= subtotal − discountTotal), all integer fen.
 *
 * Refusals before anything is written: unknown product, a unit price by an account manager, a total above the
 * summed-amount cap → 400 naming each line; an inactive product → 409.
 */
export const priceQuote = (caller: Caller, inputs: readonly QuoteLineInput[], products: ReadonlyMap<string, Product>): PricedQuote => {
  const errors: FieldError[] = [];
  inputs.forEach((line, index) => {
    if (line.unitPrice !== undefined && caller.scope === 'own') {
      errors.push({ path: `body.lines.${index}.unitPrice`, message: 'Only managers may quote another unit price.' });
    }
    if (!products.has(line.productId)) errors.push({ path: `body.lines.${index}.productId`, message: `No product ${line.productId}.` });
  });
  if (errors.length > 0) throw validation(errors);
  const inactive = inputs.flatMap((line, index) => (products.get(line.productId)!.active ? [] : [{ index, product: products.get(line.productId)! }]));
  if (inactive.length > 0) {
    throw new DomainError(ErrorCode.ProductInactive, `Product ${inactive.map(({ product }) => product.code).join(', ')} is no longer sold.`, {
      errors: inactive.map(({ index, product }) => ({ path: `body.lines.${index}.productId`, message: `Product ${product.code} is inactive.` })),
    });
  }
  let subtotal = 0;
  let discountTotal = 0;
  const lines = inputs.map((line, index): QuoteLine => {
    const product = products.get(line.productId)!;
    const unitPrice = line.unitPrice?.amount ?? product.unitPrice.amount;
    const gross = line.quantity * unitPrice;
    const discountPercent = line.discountPercent ?? 0;
    const discount = Number.isSafeInteger(gross) ? lineDiscountOf(gross, discountPercent) : 0;
    if (!Number.isSafeInteger(gross) || gross > MAX_SUMMED_AMOUNT) {
      errors.push({ path: `body.lines.${index}.quantity`, message: 'The line amount is too large.' });
    }
    subtotal += gross;
    discountTotal += discount;
    return {
      lineNo: index + 1,
      productId: product.id,
      productCode: product.code,
      productName: product.name,
      unit: product.unit,
      quantity: line.quantity,
      unitPrice: money(unitPrice),
      discountPercent,
      discount: money(discount),
      amount: money(gross - discount),
    };
  });
  if (errors.length === 0 && subtotal > MAX_SUMMED_AMOUNT) {
    errors.push({ path: 'body.lines', message: `The quote total is too large: at most ${MAX_SUMMED_AMOUNT} minor units.` });
  }
  if (errors.length > 0) throw validation(errors);
  return { lines, subtotal, discountTotal, total: subtotal - discountTotal };
};

const validation = (errors: FieldError[]): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some quote lines are not valid; see errors.', { errors });

/** The stock an accepted quote takes, one move per product (its quantities summed), at the product version read now. */
export const stockMovesOf = (lines: readonly QuoteLine[], products: ReadonlyMap<string, Product>): StockMove[] => {
  const byProduct = new Map<string, StockMove>();
  lines.forEach((line, index) => {
    const product = products.get(line.productId)!;
    const seen = byProduct.get(product.id);
    byProduct.set(product.id, {
      productId: product.id,
      productCode: product.code,
      quantity: (seen?.quantity ?? 0) + line.quantity,
      expectedVersion: product.version,
      lineIndex: seen?.lineIndex ?? index,
    });
  });
  return [...byProduct.values()];
};

// ------------------------------------------------------------------------------------------- validity

/** China time (UTC+8, no daylight saving): quotes are valid through their last day there. */
const CHINA_OFFSET_HOURS = 8;

/** `2026-12-31` → `2026-12-31T16:00:00.000Z`: the first instant of the next day in China, when the quote expires. */
export const expiresAtOf = (validUntil: string): string =>
  new Date(Date.parse(`${validUntil}T00:00:00.000Z`) + (24 - CHINA_OFFSET_HOURS) * 3_600_000).toISOString();

/** A validity date whose last day (China time) is over already → 400. */
export const assertValidUntilAhead = (validUntil: string, now: Date, path: string): void => {
  if (expiresAtOf(validUntil) <= now.toISOString()) {
    throw new DomainError(ErrorCode.ValidationFailed, 'A quote cannot be valid only until a day that is over.', {
      errors: [{ path, message: 'Today (China time) or later.' }],
    });
  }
};

export const isExpired = (quote: Pick<Quote, 'expiresAt'>, now: Date): boolean => quote.expiresAt <= now.toISOString();

export const quoteExpired = (quote: Pick<Quote, 'quoteNo' | 'validUntil'>): DomainError =>
  new DomainError(ErrorCode.QuoteExpired, `Quote ${quote.quoteNo} was valid until ${quote.validUntil} and can no longer be sent or accepted.`);

// ------------------------------------------------------------------------------------------- life cycle

/** draft → sent → accepted | rejected | expired. Nothing leaves accepted, rejected or expired; only drafts change. */
export const QUOTE_MOVES: Readonly<Record<QuoteStatus, readonly QuoteStatus[]>> = {
  draft: ['sent'],
  sent: ['accepted', 'rejected', 'expired'],
  accepted: [],
  rejected: [],
  expired: [],
};

export const assertMove = (quote: Pick<Quote, 'quoteNo' | 'status'>, to: QuoteStatus): void => {
  if (!QUOTE_MOVES[quote.status].includes(to)) {
    throw new DomainError(ErrorCode.InvalidTransition, `Quote ${quote.quoteNo} is ${quote.status} and cannot become ${to}.`);
  }
};

/** `Q261207-7KQ2M`: the day plus five characters of a fresh ULID, like order numbers. */
export const generateQuoteNo = (now: Date, id: string): string => `Q${now.toISOString().slice(2, 10).replaceAll('-', '')}-${id.slice(-5)}`;
