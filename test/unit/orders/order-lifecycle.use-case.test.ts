import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { getOrder } from '#functions/orders/order/get-order.use-case';
import { listCustomerOrders } from '#functions/orders/order/list-customer-orders.use-case';
import type { CreatePaymentInput, OrderDetail } from '#functions/orders/order/order.schema';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const pay = (amount: number): CreatePaymentInput => ({ amount: cny(amount), method: 'bank-transfer' });

describe('order status moves and payments', () => {
  let kit: ReturnType<typeof ordersTestKit>;
  let order: OrderDetail;
  let productId: string;
  let customerId: string;

  beforeEach(async () => {
    // Only the clock is pinned: a lost optimistic race waits a real (jittered, milliseconds) moment before reading again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
    kit = ordersTestKit();
    productId = kit.addProduct({ stockOnHand: 10, unitPrice: cny(100_00) }).id;
    customerId = kit.addCustomer('am1');
    order = (await createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId, quantity: 3 }] } })).value;
  });
  afterEach(() => vi.useRealTimers());

  it('ships and delivers with the expected version, and refuses a stale one (412) or a skipped step (409)', async () => {
    const skipped = updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'delivered' }, expectedVersion: 1 });
    await expect(skipped).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });

    const shipped = await updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'shipped' }, expectedVersion: 1 });
    const stale = updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'delivered' }, expectedVersion: 1 });
    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    const delivered = await updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'delivered' }, expectedVersion: 2 });
    // Each refusal is awaited where it is made: no rejection waits unhandled while other assertions run.
    await expect(
      updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 3 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });

    expect(shipped).toMatchObject({ status: 'shipped', version: 2, shippedAt: PINNED_NOW.toISOString() });
    expect(delivered).toMatchObject({ status: 'delivered', version: 3, deliveredAt: PINNED_NOW.toISOString() });
    expect(kit.store.products.get(productId)?.stockOnHand).toBe(7);
  });

  it('cancels by putting the stock back and reversing the customer figures, aggregates and receivables', async () => {
    const cancelled = await updateOrder(kit.deps, {
      caller: callers.sales,
      orderId: order.id,
      input: { status: 'cancelled', reason: 'customer withdrew' },
      expectedVersion: 1,
    });

    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'customer withdrew', version: 2 });
    expect(kit.store.products.get(productId)?.stockOnHand).toBe(10);
    expect(kit.store.customers.get(customerId)?.lifetimeValue).toEqual(cny(0));
    expect(kit.store.aggregates.get(`2026#${customerId}`)).toEqual({ orderValue: 0, orderCount: 0, months: { '11': { value: 0, count: 0 } } });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 0, openOrders: 0 });
  });

  it('takes payments up to the balance: unpaid → partial → paid, and refuses more (409)', async () => {
    const partial = await createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: pay(100_00) });
    const paid = await createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: pay(200_00) });
    await expect(createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: pay(1) })).rejects.toMatchObject({
      code: ErrorCode.PaymentExceedsBalance,
    });

    expect(partial.value).toMatchObject({ paidAmount: cny(100_00), balance: cny(200_00), paymentStatus: 'partial', version: 2 });
    expect(paid.value).toMatchObject({ paidAmount: cny(300_00), balance: cny(0), paymentStatus: 'paid', version: 3 });
    expect(paid.value.payments.map((payment) => payment.amount.amount)).toEqual([100_00, 200_00]);
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 0, openOrders: 0 });
  });

  it('cancels an order that has received payments (the paid amount stays, to be refunded) and refuses payments on a cancelled order', async () => {
    await createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: pay(100_00) });

    // Act
    const cancelled = await updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 2 });

    // Assess: the open balance (200.00) leaves the receivables; the paid 100.00 stays on the order.
    expect(cancelled).toMatchObject({ status: 'cancelled', paidAmount: cny(100_00), version: 3 });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 0, openOrders: 0 });
    await expect(createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: pay(1) })).rejects.toMatchObject({
      code: ErrorCode.InvalidTransition,
    });
  });

  it('judges a payment again when the order changed between its read and its write', async () => {
    kit.store.beforeWrite = () => {
      const stored = kit.store.orders.get(order.id)!;
      // Another payment of 250.00 lands first: only 50.00 is left.
      kit.store.orders.set(order.id, { ...stored, paidAmount: cny(250_00), balance: cny(50_00), paymentStatus: 'partial', version: stored.version + 1 });
    };

    const attempt = createPayment(kit.deps, { caller: callers.am1, orderId: order.id, input: pay(100_00) });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.PaymentExceedsBalance });
  });

  it('hides another owner’s orders from an account manager (404) but not from the executive', async () => {
    const request = { orderId: order.id };

    await expect(getOrder(kit.deps, { caller: callers.am2, ...request })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    await expect(createPayment(kit.deps, { caller: callers.am2, ...request, input: pay(1) })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    await expect(updateOrder(kit.deps, { caller: callers.am2, ...request, input: { status: 'shipped' }, expectedVersion: 1 })).rejects.toMatchObject({
      code: ErrorCode.OrderNotFound,
    });
    await expect(listCustomerOrders(kit.deps, { caller: callers.am2, customerId, page: { limit: 25 } })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(getOrder(kit.deps, { caller: { username: 'exec', scope: 'all' }, ...request })).resolves.toMatchObject({ id: order.id });
    expect(kit.store.orders.get(order.id)?.version).toBe(1);
  });

  it('follows the customer when it is transferred: the new owner sees its orders, the old one no longer does', async () => {
    kit.store.customers.set(customerId, { ...kit.store.customers.get(customerId)!, ownerId: 'am2' });

    await expect(getOrder(kit.deps, { caller: callers.am2, orderId: order.id })).resolves.toMatchObject({ id: order.id });
    await expect(getOrder(kit.deps, { caller: callers.am1, orderId: order.id })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
  });
});
