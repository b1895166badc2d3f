import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import { createPayment } from '#functions/orders/order/create-payment.use-case';
import { syncOrders } from '#functions/orders/order/sync-orders.use-case';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import { ErrorCode } from '#shared/core/errors';
import { callers, ordersTestKit, PINNED_NOW } from '#test/fakes/orders-test-kit';

const at = (minutes: number) => new Date(PINNED_NOW.getTime() + minutes * 60_000);
const cny = (amount: number) => ({ amount, currency: 'CNY' });

describe('syncOrders: the delta feed of all orders', () => {
  let kit: ReturnType<typeof ordersTestKit>;
  let deps: OrdersDependencies;
  let productId: string;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at(0));
    kit = ordersTestKit();
    deps = { ...kit.deps, clock: { now: () => new Date() } };
    productId = kit.addProduct({ stockOnHand: 10, unitPrice: cny(100_00) }).id;
  });
  afterEach(() => vi.useRealTimers());

  it('answers the orders of every customer placed, moved or paid since, in change order, across pages', async () => {
    // Prepare
    const place = async (customerId: string) => (await createOrder(deps, { caller: callers.admin, customerId, input: { lines: [{ productId, quantity: 1 }] } })).value;
    const [untouched, paid, shipped] = [await place(kit.addCustomer('am1')), await place(kit.addCustomer('am2')), await place(kit.addCustomer('am1'))];
    vi.setSystemTime(at(10));
    await createPayment(deps, { caller: callers.admin, orderId: paid.id, input: { amount: cny(50_00), method: 'bank-transfer' } });
    vi.setSystemTime(at(20));
    await updateOrder(deps, { caller: callers.admin, orderId: shipped.id, input: { status: 'shipped' }, expectedVersion: 1 });
    vi.setSystemTime(at(30));

    // Act
    const first = await syncOrders(deps, { updatedSince: at(5).toISOString(), page: { limit: 1 } });
    const rest = await syncOrders(deps, { updatedSince: at(5).toISOString(), page: { limit: 10, startKey: first.lastKey! } });

    // Assess
    expect([...first.items, ...rest.items].map((order) => order.id)).toEqual([paid.id, shipped.id]);
    expect(rest.items.map((order) => order.id)).not.toContain(untouched.id);
    expect(rest.lastKey).toBeUndefined();
    expect(rest.window.until).toBe(new Date(at(30).getTime() - 5_000).toISOString());
  });

  it('answers 400 naming updatedSince ahead of the clock or older than 30 days, and an empty page inside the settling window', async () => {
    const ahead = syncOrders(deps, { updatedSince: at(6).toISOString(), page: { limit: 10 } });
    const old = syncOrders(deps, { updatedSince: at(-31 * 1440).toISOString(), page: { limit: 10 } });
    const settling = await syncOrders(deps, { updatedSince: new Date(at(0).getTime() - 1_000).toISOString(), page: { limit: 10 } });

    await expect(ahead).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
    await expect(old).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
    expect(settling.items).toEqual([]);
  });

  it("answers an account manager their own customers' orders, tombstones of those transferred away, never another owner's", async () => {
    // Prepare
    const place = async (customerId: string) => (await createOrder(deps, { caller: callers.admin, customerId, input: { lines: [{ productId, quantity: 1 }] } })).value;
    const [ofAm1, ofAm2, movedAway, notMovedYet] = [kit.addCustomer('am1'), kit.addCustomer('am2'), kit.addCustomer('am1'), kit.addCustomer('am1')];
    const [own, others, moved, pending] = [await place(ofAm1), await place(ofAm2), await place(movedAway), await place(notMovedYet)];
    vi.setSystemTime(at(10));
    // A transfer whose move ran (a tombstone in am1's feed) and one whose move has not run (still filed under am1).
    const transfer = (customerId: string) => kit.store.customers.set(customerId, { ...kit.store.customers.get(customerId)!, ownerId: 'am2' });
    transfer(movedAway);
    kit.store.feedTombstones.push({ id: moved.id, deleted: true, deletedAt: at(10).toISOString(), reason: 'transferred', ownerId: 'am1' });
    transfer(notMovedYet);
    kit.store.feedOwners.set(pending.id, 'am1');
    vi.setSystemTime(at(30));

    // Act
    const am1 = await syncOrders(deps, { caller: callers.am1, updatedSince: at(-1).toISOString(), page: { limit: 10 } });
    const am2 = await syncOrders(deps, { caller: callers.am2, updatedSince: at(-1).toISOString(), page: { limit: 10 } });
    const admin = await syncOrders(deps, { caller: callers.admin, updatedSince: at(-1).toISOString(), page: { limit: 10 } });

    // Assess
    const shown = (items: typeof am1.items) => items.map((item) => ('deleted' in item ? `${item.id}:${item.reason}` : item.id));
    expect(shown(am1.items)).toEqual([own.id, `${moved.id}:transferred`]);
    expect(shown(am2.items)).toEqual([others.id, moved.id]);
    expect(shown(admin.items)).toEqual([own.id, others.id, moved.id, pending.id]);
  });
});
