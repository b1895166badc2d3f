import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { syncCustomerOrders } from '#functions/orders/order/sync-customer-orders.use-case';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { ErrorCode } from '#shared/core/errors';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const at = (minutes: number) => new Date(PINNED_NOW.getTime() + minutes * 60_000);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('syncCustomerOrders: a customer’s orders delta feed', () => {
  let kit: ReturnType<typeof ordersTestKit>;
  let deps: OrdersDependencies;
  let customerId: string;
  let productId: string;

  const moveTo = (when: Date) => {
    vi.setSystemTime(when);
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    moveTo(at(0));
    kit = ordersTestKit();
    deps = { ...kit.deps, clock: { now: () => new Date() } };
    productId = kit.addProduct({ stockOnHand: 10, unitPrice: cny(100_00) }).id;
    customerId = kit.addCustomer('am1');
  });
  afterEach(() => vi.useRealTimers());

  it('answers the orders placed, moved or paid since — across pages in one window', async () => {
    // Prepare
    const place = async () => (await createOrder(deps, { caller: callers.am1, customerId, input: { lines: [{ productId, quantity: 1 }] } })).value;
    const [untouched, shipped, paid] = [await place(), await place(), await place()];
    moveTo(at(10));
    await updateOrder(deps, { caller: callers.am1, orderId: shipped.id, input: { status: 'shipped' }, expectedVersion: 1 });
    moveTo(at(20));
    await createPayment(deps, { caller: callers.am1, orderId: paid.id, input: { amount: cny(50_00), method: 'bank-transfer' } });
    moveTo(at(30));

    // Act
    const first = await syncCustomerOrders(deps, { caller: callers.am1, customerId, updatedSince: at(5).toISOString(), page: { limit: 1 } });
    moveTo(at(40));
    const rest = await syncCustomerOrders(deps, { caller: callers.am1, customerId, updatedSince: at(5).toISOString(), page: { limit: 10, startKey: first.lastKey! } });

    // Assess
    const ids = [...first.items, ...rest.items].map((order) => order.id);
    expect(ids.sort()).toEqual([shipped.id, paid.id].sort());
    expect(ids).not.toContain(untouched.id);
    expect(rest.window.until).toBe(first.window.until);
  });

  it('answers 404 for another manager’s customer and 400 naming updatedSince for an instant older than 30 days', async () => {
    const other = syncCustomerOrders(deps, { caller: callers.am2, customerId, updatedSince: at(-1).toISOString(), page: { limit: 10 } });
    const old = syncCustomerOrders(deps, { caller: callers.am1, customerId, updatedSince: at(-31 * 1440).toISOString(), page: { limit: 10 } });

    await expect(other).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(old).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
  });
});
