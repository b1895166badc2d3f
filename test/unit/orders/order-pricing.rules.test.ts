import { describe, expect, it } from 'vitest';
import { paymentStatusOf, periodOf, priceOrder, STATUS_MOVES } from '#functions/orders/order/order.rules';
import type { Product } from '#functions/orders/products/product.schema';
import { ErrorCode } from '#shared/core/errors';
import { MAX_SUMMED_AMOUNT } from '#shared/core/schema-primitives';
import { callers } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const product = (id: string, overrides: Partial<Product> = {}): Product => ({
  id,
  code: `P-${id.slice(-3)}`,
  name: `Widget ${id.slice(-3)}`,
  unit: 'pcs',
  unitPrice: cny(12_50),
  stockOnHand: 10,
  active: true,
  version: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin',
  updatedAt: '2026-01-01T00:00:00.000Z',
  updatedBy: 'admin',
  ...overrides,
});
const A = '01KAAAAAAAAAAAAAAAAAAAAAAA';
const B = '01KBBBBBBBBBBBBBBBBBBBBBBB';
const catalogue = (...products: Product[]) => new Map(products.map((item) => [item.id, item]));

describe('priceOrder', () => {
  it('prices each line from its product, less its discount, in exact minor units', () => {
    const priced = priceOrder(callers.am1, [
      { productId: A, quantity: 3, discount: cny(1_00) },
      { productId: B, quantity: 1 },
    ], catalogue(product(A), product(B, { unitPrice: cny(99_99) })));

    expect(priced.lines.map((line) => [line.lineNo, line.unitPrice.amount, line.discount.amount, line.amount.amount])).toEqual([
      [1, 12_50, 1_00, 36_50],
      [2, 99_99, 0, 99_99],
    ]);
    expect(priced).toMatchObject({ subtotal: 37_50 + 99_99, discountTotal: 1_00, total: 36_50 + 99_99 });
  });

  it('lets a manager override the unit price and refuses the same from an account manager (400, naming the line)', () => {
    const lines = [{ productId: A, quantity: 2, unitPrice: cny(10_00) }];

    const byManager = priceOrder(callers.sales, lines, catalogue(product(A)));
    const byAccountManager = () => priceOrder(callers.am1, lines, catalogue(product(A)));

    expect(byManager.total).toBe(20_00);
    expect(byAccountManager).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
    try {
      byAccountManager();
    } catch (error) {
      expect((error as { details: { errors: { path: string }[] } }).details.errors.map((e) => e.path)).toEqual(['body.lines.0.unitPrice']);
    }
  });

  it('refuses a discount larger than the line (the amount would be negative)', () => {
    expect(() => priceOrder(callers.admin, [{ productId: A, quantity: 1, discount: cny(12_51) }], catalogue(product(A)))).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(priceOrder(callers.admin, [{ productId: A, quantity: 1, discount: cny(12_50) }], catalogue(product(A))).total).toBe(0);
  });

  it('refuses unknown products (400) and inactive ones (409), naming them', () => {
    expect(() => priceOrder(callers.admin, [{ productId: B, quantity: 1 }], catalogue(product(A)))).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => priceOrder(callers.admin, [{ productId: A, quantity: 1 }], catalogue(product(A, { active: false })))).toThrow(
      expect.objectContaining({ code: ErrorCode.ProductInactive, message: expect.stringContaining('P-AAA') }),
    );
  });

  it('adds up lines of the same product before checking the stock, and names the product that is short (409)', () => {
    const lines = [
      { productId: A, quantity: 6 },
      { productId: B, quantity: 1 },
      { productId: A, quantity: 5 },
    ];

    const attempt = () => priceOrder(callers.admin, lines, catalogue(product(A), product(B)));

    expect(attempt).toThrow(expect.objectContaining({ code: ErrorCode.InsufficientStock, message: expect.stringContaining('P-AAA (11 wanted, 10 on hand)') }));
    const fitting = priceOrder(callers.admin, lines.slice(0, 2), catalogue(product(A), product(B)));
    expect(fitting.stock).toEqual([
      { productId: A, productCode: 'P-AAA', quantity: 6, expectedVersion: 3, lineIndex: 0 },
      { productId: B, productCode: 'P-BBB', quantity: 1, expectedVersion: 3, lineIndex: 1 },
    ]);
  });

  it('refuses amounts that would not stay exact integers', () => {
    const attempt = () =>
      priceOrder(callers.admin, [{ productId: A, quantity: 1_000_000_000 }], catalogue(product(A, { unitPrice: cny(Number.MAX_SAFE_INTEGER), stockOnHand: 2_000_000_000 })));

    expect(attempt).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
  });

  it('refuses an order whose total exceeds the largest amount the reports can add up; accepts one at it', () => {
    // Prepare: exact integers both, one minor unit apart
    const priced = (quantity: number) => () =>
      priceOrder(callers.admin, [{ productId: A, quantity }], catalogue(product(A, { unitPrice: cny(MAX_SUMMED_AMOUNT / 1000), stockOnHand: 2_000 })));

    // Act / Assess
    expect(priced(1000)().total).toBe(MAX_SUMMED_AMOUNT);
    expect(priced(1001)).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
  });
});

describe('order status, payment status and periods', () => {
  it('allows placed → shipped → delivered and cancelling before delivery only', () => {
    expect(STATUS_MOVES).toEqual({
      placed: ['shipped', 'cancelled'],
      shipped: ['delivered', 'cancelled'],
      delivered: [],
      cancelled: [],
    });
  });

  it.each([
    [1000, 0, 'unpaid'],
    [1000, 1, 'partial'],
    [1000, 999, 'partial'],
    [1000, 1000, 'paid'],
    [0, 0, 'paid'],
  ] as const)('total %i, paid %i → %s', (total, paid, status) => {
    expect(paymentStatusOf(total, paid)).toBe(status);
  });

  it('takes the aggregate period from the UTC order date', () => {
    expect(periodOf('2026-01-31T23:59:59.999Z')).toEqual({ year: '2026', month: '01' });
  });
});
