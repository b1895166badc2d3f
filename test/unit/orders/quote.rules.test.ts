import { describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { assertMove, expiresAtOf, lineDiscountOf, priceQuote, QUOTE_MOVES } from '#functions/orders/quotes/quote.rules';
import { discountPercentSchema } from '#functions/orders/quotes/quote.schema';
import type { Product } from '#functions/orders/products/product.schema';
import { callers } from '#test/fakes/quotes-test-kit';

const product = (id: string, price: number, overrides: Partial<Product> = {}): Product => ({
  id, code: `P-${id.slice(-3)}`, name: `产品 ${id.slice(-3)}`, unit: 'pcs', unitPrice: { amount: price, currency: 'CNY' }, stockOnHand: 0, active: true,
  version: 1, createdAt: '2026-11-22T08:00:00.000Z', createdBy: 'admin', updatedAt: '2026-11-22T08:00:00.000Z', updatedBy: 'admin', ...overrides,
});
const A = '01JNW8Y3C5K7Q2V9R4T6M8P0AA';
const B = '01JNW8Y3C5K7Q2V9R4T6M8P0BB';

describe('quote totals (exact to the fen)', () => {
  it('rounds each line discount half up to a whole fen, from basis points in integer arithmetic', () => {
    // Prepare / Act / Assess: 12.5 % of 101 fen = 12.625 → 13; 10 % of 105 = 10.5 → 11; 33.33 % of 300 = 99.99 → 100
    expect(lineDiscountOf(101, 12.5)).toBe(13);
    expect(lineDiscountOf(105, 10)).toBe(11);
    expect(lineDiscountOf(104, 10)).toBe(10);
    expect(lineDiscountOf(300, 33.33)).toBe(100);
    expect(lineDiscountOf(999_999_999_999, 0.01)).toBe(100_000_000);
    expect(lineDiscountOf(12_345, 100)).toBe(12_345);
    expect(lineDiscountOf(12_345, 0)).toBe(0);
    // 0.07 × 100 is 7.000000000000001 in binary: still 7 basis points.
    expect(lineDiscountOf(1_000_000, 0.07)).toBe(700);
  });

  it('prices lines from the products, adds them up exactly, and total = subtotal − discounts = Σ amounts', () => {
    // Prepare
    const products = new Map([[A, product(A, 33_33)], [B, product(B, 1_01)]]);

    // Act
    const priced = priceQuote(callers.am1, [{ productId: A, quantity: 3, discountPercent: 12.5 }, { productId: B, quantity: 7, discountPercent: 33.33 }], products);

    // Assess: 99.99 − 12.49875 (→ 12.50) and 7.07 − 2.356431 (→ 2.36)
    expect(priced.lines.map((line) => [line.discount.amount, line.amount.amount])).toEqual([[12_50, 87_49], [2_36, 4_71]]);
    expect(priced).toMatchObject({ subtotal: 99_99 + 7_07, discountTotal: 12_50 + 2_36, total: 87_49 + 4_71 });
    expect(priced.total).toBe(priced.subtotal - priced.discountTotal);
  });

  it('refuses an account manager quoting another price and an unknown product (400), an inactive product (409)', () => {
    const products = new Map([[A, product(A, 100)], [B, product(B, 100, { active: false })]]);
    expect(() => priceQuote(callers.am1, [{ productId: A, quantity: 1, unitPrice: { amount: 1, currency: 'CNY' } }], products)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => priceQuote(callers.admin, [{ productId: '01JNW8Y3C5K7Q2V9R4T6M8P0CC', quantity: 1 }], products)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => priceQuote(callers.admin, [{ productId: B, quantity: 1 }], products)).toThrow(expect.objectContaining({ code: ErrorCode.ProductInactive }));
    expect(priceQuote(callers.sales, [{ productId: A, quantity: 2, unitPrice: { amount: 80, currency: 'CNY' } }], products).total).toBe(160);
  });

  it('takes percents 0–100 with at most two decimals', () => {
    expect(discountPercentSchema.safeParse(12.34).success).toBe(true);
    expect(discountPercentSchema.safeParse(100).success).toBe(true);
    expect(discountPercentSchema.safeParse(100.01).success).toBe(false);
    expect(discountPercentSchema.safeParse(-1).success).toBe(false);
    expect(discountPercentSchema.safeParse(12.345).success).toBe(false);
  });
});

describe('quote validity and life cycle', () => {
  it('expires at the first instant of the day after validUntil, China time', () => {
    expect(expiresAtOf('2026-12-31')).toBe('2026-12-31T16:00:00.000Z');
  });

  it('moves draft → sent → accepted | rejected | expired, and nowhere from the end states', () => {
    expect(QUOTE_MOVES).toEqual({ draft: ['sent'], sent: ['accepted', 'rejected', 'expired'], accepted: [], rejected: [], expired: [] });
    expect(() => assertMove({ quoteNo: 'Q1', status: 'draft' }, 'accepted')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidTransition }));
    expect(() => assertMove({ quoteNo: 'Q1', status: 'accepted' }, 'accepted')).toThrow(expect.objectContaining({ code: ErrorCode.InvalidTransition }));
    expect(() => assertMove({ quoteNo: 'Q1', status: 'sent' }, 'accepted')).not.toThrow();
  });
});
