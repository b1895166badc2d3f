import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { createOrderRefund } from '#functions/orders/returns/create-order-refund.use-case';
import { createOrderReturn } from '#functions/orders/returns/create-order-return.use-case';
import type { ReturnsDependencies } from '#functions/orders/returns/return.ports';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { InMemoryReturns } from '#test/fakes/in-memory-returns.repository';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('returns after delivery and refunds', () => {
  let kit: ReturnType<typeof ordersTestKit>;
  let returns: InMemoryReturns;
  let deps: ReturnsDependencies;
  let order: OrderDetail;
  let apple: string;
  let customerId: string;

  const giveBack = (quantity: number, options: { restock?: boolean; version?: number; caller?: Caller; key?: string } = {}) =>
    createOrderReturn(deps, {
      caller: options.caller ?? callers.am1,
      orderId: order.id,
      input: { lines: [{ productId: apple, quantity }], restock: options.restock ?? true, reason: 'damaged' },
      expectedVersion: options.version ?? kit.store.orders.get(order.id)!.version,
      ...(options.key ? { idempotency: { username: 'am1', operationId: 'createOrderReturn', key: options.key, fingerprint: 'f1' } } : {}),
    });
  const refund = (amount: number) => createOrderRefund(deps, { caller: callers.am1, orderId: order.id, input: { amount: cny(amount), method: 'bank-transfer', reason: 'overpaid' } });
  const pay = (amount: number) => createPayment(deps, { caller: callers.am1, orderId: order.id, input: { amount: cny(amount), method: 'cash' } });
  const deliver = async () => {
    for (const status of ['shipped', 'delivered'] as const) {
      await updateOrder(deps, { caller: callers.am1, orderId: order.id, input: { status }, expectedVersion: kit.store.orders.get(order.id)!.version });
    }
  };
  /** Everything a return or refund moves, to show that a refusal wrote nothing. */
  const snapshot = () =>
    structuredClone({
      stock: [...kit.store.products.values()].map((product) => product.stockOnHand),
      order: kit.store.orders.get(order.id),
      customer: kit.store.customers.get(customerId),
      aggregates: [...kit.store.aggregates],
      receivables: [...kit.store.receivables],
      returns: [...returns.returns],
      writes: kit.store.writes,
    });

  beforeEach(async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
    kit = ordersTestKit();
    returns = new InMemoryReturns(kit.store);
    deps = { ...kit.deps, returns };
    apple = kit.addProduct({ stockOnHand: 10, unitPrice: cny(33_33) }).id;
    customerId = kit.addCustomer('am1');
    // 3 × 33.33 less 0.01 = 99.98.
    order = (await createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: apple, quantity: 3, discount: cny(1) }] } })).value;
  });
  afterEach(() => vi.useRealTimers());

  it('credits a return exactly to the fen and moves stock, lifetime value, the aggregate and the receivables by it', async () => {
    // Prepare
    await deliver();

    // Act
    const first = await giveBack(1);
    const second = await giveBack(2, { restock: false });

    // Assess: 33.33 then 66.65 — exactly the line's 99.98.
    expect(first.value).toMatchObject({ orderVersion: 4, creditNote: { number: `CN-${order.orderNo}-1`, amount: cny(33_33) }, lines: [{ lineNo: 1, quantity: 1 }] });
    expect(second.value.creditNote).toMatchObject({ number: `CN-${order.orderNo}-2`, amount: cny(66_65) });
    expect(kit.store.orders.get(order.id)).toMatchObject({ version: 5, creditedAmount: cny(99_98), balance: cny(0), paymentStatus: 'paid', lines: [{ returnedQuantity: 3 }] });
    expect(kit.store.products.get(apple)?.stockOnHand).toBe(8);
    expect(kit.store.customers.get(customerId)?.lifetimeValue).toEqual(cny(0));
    expect(kit.store.aggregates.get(`2026#${customerId}`)).toMatchObject({ orderValue: 0, orderCount: 1 });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 0, openOrders: 0 });
  });

  it('refuses an order not delivered (409), more than delivered (409), a stale If-Match (412), another owner (404), writing nothing', async () => {
    const placed = snapshot();
    await expect(giveBack(1)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(snapshot()).toEqual(placed);
    await deliver();
    const before = snapshot();

    await expect(giveBack(4)).rejects.toMatchObject({ code: ErrorCode.ReturnExceedsDelivered });
    await expect(giveBack(1, { version: 2 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(giveBack(1, { caller: callers.am2 })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });

    expect(snapshot()).toEqual(before);
  });

  it('answers a retried return with its first answer, even after the order moved on', async () => {
    await deliver();
    const first = await giveBack(1, { key: 'return-0001', version: 3 });

    // Act: the retry sends the If-Match it sent first (now stale).
    const retry = await giveBack(1, { key: 'return-0001', version: 3 });

    // Assess
    expect(retry).toEqual({ kind: 'replayed', value: first.value });
    expect(returns.returns.get(order.id)).toHaveLength(1);
  });

  it('takes later payments against the net total, and refunds what a return left overpaid, never more than paid', async () => {
    // Prepare: paid 50.00, delivered, 2 units returned (66.65): 16.67 overpaid.
    await pay(50_00);
    await deliver();
    await giveBack(2);
    expect(kit.store.orders.get(order.id)).toMatchObject({ balance: cny(0), paymentStatus: 'paid', creditedAmount: cny(66_65) });
    await expect(pay(1)).rejects.toMatchObject({ code: ErrorCode.PaymentExceedsBalance });
    const before = snapshot();

    // Act
    const tooMuch = await refund(50_01).catch((error: unknown) => error);
    expect(snapshot()).toEqual(before);
    const refunded = await refund(16_67);
    const reopened = await refund(10_00);

    // Assess: a refund beyond the overpayment (a bounced payment) opens the balance again.
    expect(tooMuch).toMatchObject({ code: ErrorCode.RefundExceedsPaid });
    expect(refunded.value).toMatchObject({ paidAmount: cny(33_33), balance: cny(0), paymentStatus: 'paid' });
    expect(reopened.value).toMatchObject({ paidAmount: cny(23_33), balance: cny(10_00), paymentStatus: 'partial' });
    expect(reopened.value.payments.map((payment) => payment.amount.amount)).toEqual([50_00, -16_67, -10_00]);
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 10_00, openOrders: 1 });
    expect(kit.store.customers.get(customerId)?.lifetimeValue).toEqual(cny(33_33));
  });

  it('refunds a cancelled paid order in full without moving the receivables', async () => {
    // Prepare
    await pay(40_00);
    await updateOrder(deps, { caller: callers.am1, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 2 });

    // Act
    const refunded = await refund(40_00);

    // Assess: as a cancelled order never paid.
    expect(refunded.value).toMatchObject({ status: 'cancelled', paidAmount: cny(0), balance: cny(99_98), paymentStatus: 'unpaid' });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 0, openOrders: 0 });
  });
});
