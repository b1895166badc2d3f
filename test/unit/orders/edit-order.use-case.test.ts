import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { MAX_EDIT_STOCK_MOVES, priceEdit } from '#functions/orders/order/order-edit.rules';
import type { OrderDetail, OrderEditInput } from '#functions/orders/order/order.schema';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('editing a placed order', () => {
  let kit: ReturnType<typeof ordersTestKit>;
  let order: OrderDetail;
  let apple: string;
  let pear: string;
  let customerId: string;

  const edit = (input: OrderEditInput, expectedVersion = 1, caller: Caller = callers.am1) =>
    updateOrder(kit.deps, { caller, orderId: order.id, input, expectedVersion });
  /** Everything an edit moves, to show that a refusal wrote nothing. */
  const snapshot = () =>
    structuredClone({
      stock: [...kit.store.products.values()].map((product) => product.stockOnHand),
      order: kit.store.orders.get(order.id),
      customer: kit.store.customers.get(customerId),
      aggregates: [...kit.store.aggregates],
      receivables: [...kit.store.receivables],
      writes: kit.store.writes,
    });

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
    kit = ordersTestKit();
    apple = kit.addProduct({ stockOnHand: 10, unitPrice: cny(100_00) }).id;
    pear = kit.addProduct({ stockOnHand: 5, unitPrice: cny(33_33) }).id;
    customerId = kit.addCustomer('am1');
    order = (await createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: apple, quantity: 3 }] } })).value;
  });
  afterEach(() => vi.useRealTimers());

  it('moves stock and every figure by the difference when lines grow and a product is added', async () => {
    // Act
    const edited = await edit({ lines: [{ productId: apple, quantity: 5, discount: cny(1_00) }, { productId: pear, quantity: 2 }] });

    // Assess: 5 × 100.00 − 1.00 + 2 × 33.33 = 565.66
    expect(edited).toMatchObject({ version: 2, total: cny(565_66), subtotal: cny(566_66), discountTotal: cny(1_00), balance: cny(565_66), paymentStatus: 'unpaid' });
    expect(edited.lines.map((line) => [line.lineNo, line.quantity, line.amount.amount])).toEqual([[1, 5, 499_00], [2, 2, 66_66]]);
    expect(kit.store.products.get(apple)?.stockOnHand).toBe(5);
    expect(kit.store.products.get(pear)?.stockOnHand).toBe(3);
    expect(kit.store.customers.get(customerId)?.lifetimeValue).toEqual(cny(565_66));
    expect(kit.store.aggregates.get(`2026#${customerId}`)).toEqual({ orderValue: 565_66, orderCount: 1, months: { '11': { value: 565_66, count: 1 } } });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 565_66, openOrders: 1 });
  });

  it('gives stock back for a product dropped or lowered, and keeps the price the order has for a product already on it', async () => {
    // Prepare: the apple's list price rises after the order was placed.
    kit.store.products.get(apple)!.unitPrice = cny(120_00);
    const first = await edit({ lines: [{ productId: apple, quantity: 3 }, { productId: pear, quantity: 1 }] });

    // Act
    const edited = await edit({ lines: [{ productId: apple, quantity: 1 }] }, 2);

    // Assess
    expect(first.lines[0]?.unitPrice).toEqual(cny(100_00));
    expect(edited).toMatchObject({ version: 3, total: cny(100_00), balance: cny(100_00) });
    expect(kit.store.products.get(apple)?.stockOnHand).toBe(9);
    expect(kit.store.products.get(pear)?.stockOnHand).toBe(5);
    expect(kit.store.customers.get(customerId)?.lifetimeValue).toEqual(cny(100_00));
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 100_00, openOrders: 1 });
  });

  it('refuses more than the stock (409 naming the product), a stale If-Match (412), a shipped order (409), writing nothing', async () => {
    const before = snapshot();

    // Act and assess, one refusal at a time: the stock is 7 more than the order's 3, 11 wanted.
    const short = await edit({ lines: [{ productId: apple, quantity: 11 }] }).catch((error: unknown) => error);
    expect(short).toMatchObject({ code: ErrorCode.InsufficientStock, message: expect.stringContaining('P-1') });
    await expect(edit({ lines: [{ productId: apple, quantity: 1 }] }, 7)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect(snapshot()).toEqual(before);

    await updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'shipped' }, expectedVersion: 1 });
    const shipped = snapshot();
    await expect(edit({ lines: [{ productId: apple, quantity: 1 }] }, 2)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await expect(edit({ promisedDeliveryDate: '2026-12-24' }, 2)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(snapshot()).toEqual(shipped);
  });

  it('takes the whole stock left', async () => {
    const all = await edit({ lines: [{ productId: apple, quantity: 10 }] });

    expect(all.total).toEqual(cny(1_000_00));
    expect(kit.store.products.get(apple)?.stockOnHand).toBe(0);
  });

  it('keeps the paid amount: the balance and payment status follow the new total, never below what was paid (409)', async () => {
    // Prepare: 150.00 paid of 300.00.
    await createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: { amount: cny(150_00), method: 'cash' } });
    const before = snapshot();

    // Act
    const below = await edit({ lines: [{ productId: apple, quantity: 1 }] }, 2).catch((error: unknown) => error);
    const settled = await edit({ lines: [{ productId: apple, quantity: 2, discount: cny(50_00) }] }, 2);

    // Assess
    expect(below).toMatchObject({ code: ErrorCode.OrderTotalBelowPaid });
    expect(before.writes + 1).toBe(kit.store.writes);
    expect(settled).toMatchObject({ total: cny(150_00), paidAmount: cny(150_00), balance: cny(0), paymentStatus: 'paid' });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 0, openOrders: 0 });
    const reopened = await edit({ lines: [{ productId: apple, quantity: 2 }] }, 3);
    expect(reopened).toMatchObject({ balance: cny(50_00), paymentStatus: 'partial' });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 50_00, openOrders: 1 });
  });

  it('lets only managers give another unit price (400 for an account manager), as on a placement', async () => {
    const byAm = edit({ lines: [{ productId: apple, quantity: 3, unitPrice: cny(1_00) }] });
    await expect(byAm).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });

    const bySales = await edit({ lines: [{ productId: apple, quantity: 3, unitPrice: cny(90_00) }] }, 1, callers.sales);
    expect(bySales.total).toEqual(cny(270_00));
  });

  it('sets and clears the transaction type, promised delivery date and a contact of the customer (another’s → 400)', async () => {
    const contactId = kit.deps.ids.next();
    kit.store.contacts.add(`${customerId}#${contactId}`);
    const strangerContact = kit.deps.ids.next();
    kit.store.contacts.add(`${kit.addCustomer('am2')}#${strangerContact}`);

    const set = await edit({ transactionType: 'renewal', promisedDeliveryDate: '2026-12-24', contactId });
    await expect(edit({ contactId: strangerContact }, 2)).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    const cleared = await edit({ promisedDeliveryDate: null, contactId: null }, 2);

    expect(order.transactionType).toBe('sale');
    expect(set).toMatchObject({ transactionType: 'renewal', promisedDeliveryDate: '2026-12-24', contactId, version: 2, total: order.total });
    expect(cleared).toMatchObject({ transactionType: 'renewal', version: 3 });
    expect(cleared).not.toHaveProperty('promisedDeliveryDate');
    expect(cleared).not.toHaveProperty('contactId');
    expect(kit.store.products.get(apple)?.stockOnHand).toBe(7);
  });

  it('checks the contact of a new order, and hides another owner’s order from an account manager (404)', async () => {
    const stranger = kit.deps.ids.next();

    const placing = createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: apple, quantity: 1 }], contactId: stranger } });
    await expect(placing).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(edit({ lines: [{ productId: apple, quantity: 1 }] }, 1, callers.am2)).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    expect(kit.store.orders.size).toBe(1);
  });

  it('reads again when a new product’s price changed between the read and the write', async () => {
    kit.store.beforeWrite = () => {
      const product = kit.store.products.get(pear)!;
      kit.store.products.set(pear, { ...product, unitPrice: cny(40_00), version: product.version + 1 });
    };

    const edited = await edit({ lines: [{ productId: apple, quantity: 3 }, { productId: pear, quantity: 1 }] });

    expect(edited.total).toEqual(cny(340_00));
  });

  it(`refuses an edit that moves more than ${MAX_EDIT_STOCK_MOVES} products' stock (one transaction)`, () => {
    const products = Array.from({ length: MAX_EDIT_STOCK_MOVES + 1 }, () => kit.addProduct({ stockOnHand: 1 }));
    const current = { ...order, lines: [] };

    const pricing = () => priceEdit(callers.sales, current, products.map((product) => ({ productId: product.id, quantity: 1 })), new Map(products.map((product) => [product.id, product])));

    expect(pricing).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
  });
});
