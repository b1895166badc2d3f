import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import type { CreateOrderInput } from '#functions/orders/order/order.schema';
import { ErrorCode } from '#shared/core/errors';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('createOrder', () => {
  beforeEach(() => {
    // Only the clock is pinned: a lost optimistic race waits a real (jittered, milliseconds) moment before reading again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('writes the order, takes the stock and moves the customer figures, aggregates and receivables together', async () => {
    // Prepare
    const kit = ordersTestKit();
    const widget = kit.addProduct({ stockOnHand: 10 });
    const gadget = kit.addProduct({ unitPrice: cny(3_00), stockOnHand: 4 });
    const customerId = kit.addCustomer('am1');
    const input: CreateOrderInput = { lines: [{ productId: widget.id, quantity: 2, discount: cny(50) }, { productId: gadget.id, quantity: 4 }] };

    // Act
    const outcome = await createOrder(kit.deps, { caller: callers.am1, customerId, input });

    // Assess
    const order = outcome.value;
    expect(outcome.kind).toBe('created');
    expect(order).toMatchObject({
      status: 'placed',
      customerId,
      orderedAt: PINNED_NOW.toISOString(),
      deliveryAddress: '上海市浦东新区 1 号',
      subtotal: cny(25_00 + 12_00),
      discountTotal: cny(50),
      total: cny(36_50),
      paidAmount: cny(0),
      balance: cny(36_50),
      paymentStatus: 'unpaid',
      version: 1,
      createdBy: 'am1',
      payments: [],
    });
    expect(order.orderNo).toMatch(/^O261122-[0-9A-Z]{5}$/);
    expect(kit.store.products.get(widget.id)?.stockOnHand).toBe(8);
    expect(kit.store.products.get(gadget.id)?.stockOnHand).toBe(0);
    expect(kit.store.customers.get(customerId)).toMatchObject({ lastOrderAt: PINNED_NOW.toISOString(), lifetimeValue: cny(36_50) });
    expect(kit.store.aggregates.get(`2026#${customerId}`)).toEqual({ orderValue: 36_50, orderCount: 1, months: { '11': { value: 36_50, count: 1 } } });
    expect(kit.store.receivables.get(customerId)).toEqual({ outstanding: 36_50, openOrders: 1 });
    expect(kit.store.writes).toBe(1);
  });

  it('answers 404 and writes nothing when an account manager orders for another owner’s customer or an archived one', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct();
    const foreign = kit.addCustomer('am2');
    const archived = kit.addCustomer('am1', { archived: true });
    const input = { lines: [{ productId: product.id, quantity: 1 }] };

    await expect(createOrder(kit.deps, { caller: callers.am1, customerId: foreign, input })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(createOrder(kit.deps, { caller: callers.admin, customerId: archived, input })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect(kit.store.writes).toBe(0);
    expect(kit.store.products.get(product.id)?.stockOnHand).toBe(10);
  });

  it('refuses an order beyond the stock with 409 naming the product, and writes nothing', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct({ code: 'LAST-UNITS', stockOnHand: 2 });
    const customerId = kit.addCustomer('am1');

    const attempt = createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: product.id, quantity: 3 }] } });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InsufficientStock, message: expect.stringContaining('LAST-UNITS') });
    expect(kit.store.orders.size).toBe(0);
    expect(kit.store.aggregates.size).toBe(0);
  });

  it('re-prices from a fresh read when the product changed between the read and the write', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct({ unitPrice: cny(10_00) });
    const customerId = kit.addCustomer('am1');
    kit.store.beforeWrite = () => {
      const stored = kit.store.products.get(product.id)!;
      kit.store.products.set(product.id, { ...stored, unitPrice: cny(11_00), version: stored.version + 1 });
    };

    const outcome = await createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } });

    expect(outcome.value.total).toEqual(cny(11_00));
    expect(kit.store.writes).toBe(1);
  });

  it('never moves the last order date back for a backdated order, and refuses a date in the future', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct();
    const customerId = kit.addCustomer('am1', { lastOrderAt: '2026-10-01T00:00:00.000Z' });
    kit.store.customers.set(customerId, { ...kit.store.customers.get(customerId)!, lifetimeValue: cny(0) });
    const line = { productId: product.id, quantity: 1 };

    await createOrder(kit.deps, { caller: callers.sales, customerId, input: { orderedAt: '2026-03-15T02:00:00.000Z', lines: [line] } });
    // Awaited where it is made: a rejection never waits unhandled while the assertions below run.
    await expect(
      createOrder(kit.deps, { caller: callers.sales, customerId, input: { orderedAt: '2026-11-23T08:00:00.000Z', lines: [line] } }),
    ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });

    expect(kit.store.customers.get(customerId)?.lastOrderAt).toBe('2026-10-01T00:00:00.000Z');
    expect(kit.store.aggregates.get(`2026#${customerId}`)?.months['03']).toEqual({ value: 12_50, count: 1 });
  });

  it('needs a delivery address when the customer has none', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct();
    const customerId = kit.addCustomer('am1', { address: undefined as unknown as string });

    const attempt = createOrder(kit.deps, { caller: callers.am1, customerId, input: { lines: [{ productId: product.id, quantity: 1 }] } });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.deliveryAddress' }] } });
  });

  it('replays the first answer to a retry with the same key — even once the stock it took is gone — and refuses another body (422)', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct({ stockOnHand: 2 });
    const customerId = kit.addCustomer('am1');
    const idempotency = { username: 'am1', operationId: 'createOrder', key: 'retry-0001', fingerprint: 'f1' };
    const input = { lines: [{ productId: product.id, quantity: 2 }] };

    const first = await createOrder(kit.deps, { caller: callers.am1, customerId, input, idempotency });
    const retry = await createOrder(kit.deps, { caller: callers.am1, customerId, input, idempotency });
    await expect(
      createOrder(kit.deps, { caller: callers.am1, customerId, input, idempotency: { ...idempotency, fingerprint: 'f2' } }),
    ).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });

    expect(retry).toEqual({ kind: 'replayed', value: first.value });
    expect(kit.store.orders.size).toBe(1);
    expect(kit.store.products.get(product.id)?.stockOnHand).toBe(0);
  });

  it('refuses a given order number in use (409) and draws a new generated one when it collides', async () => {
    const kit = ordersTestKit();
    const product = kit.addProduct();
    const customerId = kit.addCustomer('am1');
    const line = { productId: product.id, quantity: 1 };
    await createOrder(kit.deps, { caller: callers.admin, customerId, input: { orderNo: 'SO-1', lines: [line] } });

    const duplicate = createOrder(kit.deps, { caller: callers.admin, customerId, input: { orderNo: 'SO-1', lines: [line] } });

    await expect(duplicate).rejects.toMatchObject({ code: ErrorCode.OrderNoTaken });
    expect(kit.store.orders.size).toBe(1);
  });
});
