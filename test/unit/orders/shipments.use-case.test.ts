import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOrder } from '#functions/orders/order/create-order.use-case';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import { updateOrder } from '#functions/orders/order/update-order.use-case';
import { createShipment } from '#functions/orders/shipments/create-shipment.use-case';
import { deliverShipment } from '#functions/orders/shipments/deliver-shipment.use-case';
import { listShipments } from '#functions/orders/shipments/list-shipments.use-case';
import type { CreateShipmentInput, ShipmentLineInput } from '#functions/orders/shipments/shipment.schema';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { callers, PINNED_NOW } from '#test/fakes/orders-test-kit';
import { shipmentsTestKit } from './shipments-test-kit';

const cny = (amount: number) => ({ amount, currency: 'CNY' });
const delivery = (lines: ShipmentLineInput[], extra: Partial<CreateShipmentInput> = {}): CreateShipmentInput => ({
  carrier: '顺丰速运',
  trackingNumber: 'SF1234567890',
  consignee: { name: '王五', phone: '13800000000', address: '上海市浦东新区 1 号' },
  lines,
  ...extra,
});
const HOUR = 3_600_000;

describe('shipments of an order', () => {
  let kit: ReturnType<typeof shipmentsTestKit>;
  let order: OrderDetail;
  let a: string;
  let b: string;

  beforeEach(async () => {
    // Only the clock is pinned: a lost optimistic race waits a real (jittered, milliseconds) moment before reading again.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(PINNED_NOW);
    kit = shipmentsTestKit();
    a = kit.addProduct({ stockOnHand: 10, unitPrice: cny(100_00) }).id;
    b = kit.addProduct({ stockOnHand: 10, unitPrice: cny(50_00) }).id;
    const customerId = kit.addCustomer('am1');
    const orderedAt = new Date(PINNED_NOW.getTime() - 24 * HOUR).toISOString();
    order = (await createOrder(kit.deps, { caller: callers.am1, customerId, input: { orderedAt, lines: [{ productId: a, quantity: 3 }, { productId: b, quantity: 2 }] } })).value;
  });
  afterEach(() => vi.useRealTimers());

  const ship = (lines: ShipmentLineInput[], expectedVersion: number, extra: Partial<CreateShipmentInput> = {}, caller: Caller = callers.am1) =>
    createShipment(kit.shipmentDeps, { caller, orderId: order.id, input: delivery(lines, extra), expectedVersion });

  it('ships part of an order (it stays placed, its lines say how much is out), then the rest (it becomes shipped); stock never moves', async () => {
    // Prepare
    const stockBefore = [kit.store.products.get(a)!.stockOnHand, kit.store.products.get(b)!.stockOnHand];
    const earlier = new Date(PINNED_NOW.getTime() - HOUR).toISOString();

    // Act
    const first = await ship([{ productId: a, quantity: 2 }], 1, { shippedAt: earlier });
    const afterFirst = kit.store.orders.get(order.id)!;
    const second = await ship([{ productId: a, quantity: 1 }, { productId: b, quantity: 2 }], first.value.orderVersion);

    // Assess
    expect(first.value).toMatchObject({ status: 'in_transit', shippedAt: earlier, orderVersion: 2, version: 1, lines: [{ productId: a, quantity: 2, unit: 'pcs' }] });
    expect(afterFirst).toMatchObject({ status: 'placed', version: 2 });
    expect(afterFirst.lines.map((line) => line.shippedQuantity)).toEqual([2, undefined]);
    const shipped = kit.store.orders.get(order.id)!;
    expect(shipped).toMatchObject({ status: 'shipped', shippedAt: PINNED_NOW.toISOString(), version: 3 });
    expect(shipped.lines.map((line) => line.shippedQuantity)).toEqual([3, 2]);
    expect([kit.store.products.get(a)!.stockOnHand, kit.store.products.get(b)!.stockOnHand]).toEqual(stockBefore);
    const listed = await listShipments(kit.shipmentDeps, { caller: callers.sales, orderId: order.id, page: { limit: 10 } });
    expect(listed.items.map((shipment) => shipment.id)).toEqual([first.value.id, second.value.id]);
  });

  it('refuses more than ordered − shipped (409), a product not on the order (400), a future date (400), a stale If-Match (412): nothing written', async () => {
    // Prepare
    await ship([{ productId: a, quantity: 2 }], 1);
    const before = structuredClone(kit.store.orders.get(order.id));
    const writes = kit.state.writes;

    // Act / Assess
    await expect(ship([{ productId: a, quantity: 2 }], 2)).rejects.toMatchObject({
      code: ErrorCode.ShipmentExceedsOrder,
      details: { errors: [{ path: 'body.lines.0.quantity' }] },
    });
    await expect(ship([{ productId: kit.addProduct().id, quantity: 1 }], 2)).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'body.lines.0.productId' }] },
    });
    await expect(ship([{ productId: b, quantity: 1 }], 2, { shippedAt: new Date(PINNED_NOW.getTime() + HOUR).toISOString() })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    await expect(ship([{ productId: b, quantity: 1 }], 2, { shippedAt: new Date(PINNED_NOW.getTime() - 48 * HOUR).toISOString() })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'body.shippedAt' }] },
    });
    await expect(ship([{ productId: b, quantity: 1 }], 1)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(ship([{ productId: b, quantity: 1 }], 2, {}, callers.am2)).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    expect(kit.state.writes).toBe(writes);
    expect(kit.store.orders.get(order.id)).toEqual(before);
  });

  it('refuses a shipment of a cancelled order, and of one shipped as a whole without a delivery list (409)', async () => {
    // Prepare
    await updateOrder(kit.deps, { caller: callers.am1, orderId: order.id, input: { status: 'cancelled' }, expectedVersion: 1 });
    const other = (await createOrder(kit.deps, { caller: callers.am1, customerId: order.customerId, input: { lines: [{ productId: a, quantity: 1 }] } })).value;
    await updateOrder(kit.deps, { caller: callers.am1, orderId: other.id, input: { status: 'shipped' }, expectedVersion: 1 });

    // Act / Assess
    await expect(ship([{ productId: a, quantity: 1 }], 2)).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await expect(
      createShipment(kit.shipmentDeps, { caller: callers.am1, orderId: other.id, input: delivery([{ productId: a, quantity: 1 }]), expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(kit.shipments.size).toBe(0);
  });

  it('an order with shipments moves through them only: a whole-order move, a cancellation and new lines are refused (409)', async () => {
    // Prepare
    await ship([{ productId: a, quantity: 1 }], 1);

    // Act / Assess
    for (const status of ['shipped', 'cancelled'] as const) {
      await expect(updateOrder(kit.deps, { caller: callers.sales, orderId: order.id, input: { status }, expectedVersion: 2 })).rejects.toMatchObject({
        code: ErrorCode.InvalidTransition,
      });
    }
    await expect(
      updateOrder(kit.deps, { caller: callers.sales, orderId: order.id, input: { lines: [{ productId: a, quantity: 3 }] }, expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(kit.store.orders.get(order.id)).toMatchObject({ status: 'placed', version: 2 });
  });

  it('delivers each shipment once; the order is delivered when every line is, with the last delivery date', async () => {
    // Prepare
    const first = await ship([{ productId: a, quantity: 3 }], 1);
    const second = await ship([{ productId: b, quantity: 2 }], 2);
    const arrived = new Date(PINNED_NOW.getTime() - 60_000).toISOString();

    // Act
    const one = await deliverShipment(kit.shipmentDeps, { caller: callers.am1, orderId: order.id, shipmentId: first.value.id, input: {}, expectedVersion: 1 });
    const partly = structuredClone(kit.store.orders.get(order.id)!);
    const two = await deliverShipment(kit.shipmentDeps, { caller: callers.sales, orderId: order.id, shipmentId: second.value.id, input: { deliveredAt: arrived }, expectedVersion: 1 });

    // Assess
    expect(one).toMatchObject({ status: 'delivered', deliveredAt: PINNED_NOW.toISOString(), version: 2, orderVersion: 4 });
    expect(partly).toMatchObject({ status: 'shipped', version: 4 });
    expect(partly.lines.map((line) => line.deliveredQuantity)).toEqual([3, undefined]);
    expect(two).toMatchObject({ status: 'delivered', deliveredAt: arrived, orderVersion: 5 });
    const done = kit.store.orders.get(order.id)!;
    expect(done).toMatchObject({ status: 'delivered', deliveredAt: arrived, version: 5 });
    expect(done.lines.map((line) => [line.shippedQuantity, line.deliveredQuantity])).toEqual([[3, 3], [2, 2]]);
    await expect(
      deliverShipment(kit.shipmentDeps, { caller: callers.am1, orderId: order.id, shipmentId: first.value.id, input: {}, expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });

  it('refuses a delivery with a stale If-Match (412), before the shipment left (400), of another owner (404), of no shipment (404)', async () => {
    // Prepare
    const shipment = (await ship([{ productId: a, quantity: 1 }], 1)).value;
    const writes = kit.state.writes;
    const deliver = (expectedVersion: number, extra: { deliveredAt?: string; shipmentId?: string } = {}, caller: Caller = callers.am1) =>
      deliverShipment(kit.shipmentDeps, {
        caller,
        orderId: order.id,
        shipmentId: extra.shipmentId ?? shipment.id,
        input: extra.deliveredAt ? { deliveredAt: extra.deliveredAt } : {},
        expectedVersion,
      });

    // Act / Assess
    await expect(deliver(2)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(deliver(1, { deliveredAt: new Date(PINNED_NOW.getTime() - 48 * HOUR).toISOString() })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(deliver(1, {}, callers.am2)).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    await expect(deliver(1, { shipmentId: kit.deps.ids.next() })).rejects.toMatchObject({ code: ErrorCode.ShipmentNotFound });
    expect(kit.state.writes).toBe(writes);
  });

  it('a delivery whose order moved between its read and its write (a payment) reads again and commits once', async () => {
    // Prepare
    const shipment = (await ship([{ productId: a, quantity: 1 }], 1)).value;
    kit.state.beforeWrite = () => {
      const stored = kit.store.orders.get(order.id)!;
      kit.store.orders.set(order.id, { ...stored, version: stored.version + 1 });
    };
    const writes = kit.state.writes;

    // Act
    const delivered = await deliverShipment(kit.shipmentDeps, { caller: callers.am1, orderId: order.id, shipmentId: shipment.id, input: {}, expectedVersion: 1 });

    // Assess
    expect(delivered).toMatchObject({ status: 'delivered', orderVersion: 4 });
    expect(kit.state.writes).toBe(writes + 1);
    expect(kit.store.orders.get(order.id)!.lines[0]!.deliveredQuantity).toBe(1);
  });

  it('answers a retried create with the same Idempotency-Key with the first shipment, written once', async () => {
    // Prepare
    const idempotency = { username: 'am1', operationId: 'createShipment', key: 'ship-1-abcdef', fingerprint: 'f1' };
    const request = { caller: callers.am1, orderId: order.id, input: delivery([{ productId: a, quantity: 1 }]), expectedVersion: 1, idempotency };

    // Act
    const first = await createShipment(kit.shipmentDeps, request);
    const again = await createShipment(kit.shipmentDeps, request);

    // Assess
    expect(first.kind).toBe('created');
    expect(again).toEqual({ kind: 'replayed', value: first.value });
    expect(kit.shipments.size).toBe(1);
    expect(kit.store.orders.get(order.id)!.lines[0]!.shippedQuantity).toBe(1);
  });
});
