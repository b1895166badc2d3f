import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const DAY = 86_400_000;

describe('payment terms and due dates', () => {
  let kit: ReturnType<typeof ordersTestKit>;
  let productId: string;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
    kit = ordersTestKit();
    productId = kit.addProduct({ stockOnHand: 10, unitPrice: cny(100_00) }).id;
  });
  afterEach(() => vi.useRealTimers());

  it("takes the order's terms, else the customer's, else 30 days, and derives the due date from the order date", async () => {
    // Prepare
    const plain = kit.addCustomer('am1');
    const net60 = kit.addCustomer('am1', { paymentTermsDays: 60 });
    const lines = [{ productId, quantity: 1 }];
    // Act
    const byDefault = (await createOrder(kit.deps, { caller: callers.am1, customerId: plain, input: { lines } })).value;
    const byCustomer = (await createOrder(kit.deps, { caller: callers.am1, customerId: net60, input: { lines } })).value;
    const byOrder = (await createOrder(kit.deps, { caller: callers.am1, customerId: net60, input: { lines, paymentTermsDays: 0, orderedAt: '2026-11-01T00:00:00.000Z' } })).value;
    // Assess
    expect(byDefault).toMatchObject({ paymentTermsDays: 30, dueAt: new Date(PINNED_NOW.getTime() + 30 * DAY).toISOString() });
    expect(byCustomer).toMatchObject({ paymentTermsDays: 60, dueAt: new Date(PINNED_NOW.getTime() + 60 * DAY).toISOString() });
    expect(byOrder).toMatchObject({ paymentTermsDays: 0, dueAt: '2026-11-01T00:00:00.000Z' });
  });

  it('marks an open promise kept once the payments since it cover the amount promised', async () => {
    // Prepare: an order of 100.00 with a promise of 30.00 made when nothing was paid.
    const customerId = kit.addCustomer('am1');
    const order = (await createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId, quantity: 1 }] } })).value;
    const stored = kit.store.orders.get(order.id)!;
    const promise = { noteId: '01JBZZZZZZZZZZZZZZZZZZZZZZ', promisedPayAt: '2027-01-01T00:00:00.000Z', promisedAmount: 30_00, paidBefore: 0, status: 'open' as const };
    kit.store.orders.set(order.id, { ...stored, promise });
    // Act
    const part = (await createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: { amount: cny(20_00), method: 'cash' } })).value;
    const rest = (await createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: { amount: cny(10_00), method: 'cash' } })).value;
    // Assess
    expect(part.promise).toEqual(promise);
    expect(rest.promise).toEqual({ ...promise, status: 'kept' });
  });
});
