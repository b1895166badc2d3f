import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeProduct } from './scenarios/orders.scenarios';
import { expectShipmentsUntouched, shipmentBody } from './scenarios/shipments.scenarios';

type Client = ReturnType<typeof api>;
type Line = { productId: string; quantity: number; shippedQuantity?: number; deliveredQuantity?: number };
type Order = { id: string; status: string; version: number; shippedAt?: string; deliveredAt?: string; lines: Line[] };
type Shipment = { id: string; status: string; version: number; orderVersion: number; shippedAt: string; deliveredAt?: string };
type Problem = { code: string; errors?: { path: string }[] };

describe('shipments end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  /** An order of am1's customer: 3 of product A and 2 of product B, both with stock 10. */
  const arrange = async () => {
    const customer = await arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号' });
    const a = await arrangeProduct(client, { stock: 10 });
    const b = await arrangeProduct(client, { stock: 10 });
    const placed = await client.post<Order>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: a.id, quantity: 3 }, { productId: b.id, quantity: 2 }] }, { as: 'am1' });
    expect(placed.status, placed.text).toBe(201);
    return { customer, a, b, order: placed.json };
  };

  it('ships in two parts (am1; a retried request answers the first shipment) and delivers: the order follows, stock never moves', async () => {
    // Prepare
    const { customer, a, b, order } = await arrange();
    const inTransit = async () =>
      (await client.get<{ shipmentsInTransit: { id: string; orderId: string }[] }>(`/v1/customers/${customer.id}/overview`, { as: 'am1' })).json.shipmentsInTransit;
    const key = { 'idempotency-key': `ship-${order.id}` };

    // Act
    const first = await client.post<Shipment>(`/v1/orders/${order.id}/shipments`, shipmentBody(a.id, 2), { as: 'am1', headers: { ...ifMatch(1), ...key } });
    const retried = await client.post<Shipment>(`/v1/orders/${order.id}/shipments`, shipmentBody(a.id, 2), { as: 'am1', headers: { ...ifMatch(1), ...key } });
    const partly = await client.get<Order>(`/v1/orders/${order.id}`, { as: 'am1' });
    const rest = await client.post<Shipment>(
      `/v1/orders/${order.id}/shipments`,
      { ...shipmentBody(a.id, 1), lines: [{ productId: a.id, quantity: 1 }, { productId: b.id, quantity: 2 }] },
      { as: 'sales', headers: ifMatch(first.json.orderVersion) },
    );
    const shipped = await client.get<Order>(`/v1/orders/${order.id}`, { as: 'am1' });
    const travelling = await inTransit();
    const one = await client.post<Shipment>(`/v1/orders/${order.id}/shipments/${first.json.id}/deliver`, {}, { as: 'am1', headers: ifMatch(1) });
    const two = await client.post<Shipment>(`/v1/orders/${order.id}/shipments/${rest.json.id}/deliver`, {}, { as: 'am1', headers: ifMatch(1) });
    const delivered = await client.get<Order>(`/v1/orders/${order.id}`, { as: 'am1' });
    const listed = await client.get<{ items: Shipment[] }>(`/v1/orders/${order.id}/shipments`, { as: 'exec' });
    const arrived = await inTransit();

    // Assess
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ status: 'in_transit', orderVersion: 2 });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(retried.json.id).toBe(first.json.id);
    expect(partly.json).toMatchObject({ status: 'placed', version: 2 });
    expect(partly.json.lines.map((line) => line.shippedQuantity)).toEqual([2, undefined]);
    expect(rest.status, rest.text).toBe(201);
    expect(shipped.json).toMatchObject({ status: 'shipped', version: 3, shippedAt: rest.json.shippedAt });
    // The 360 view: both in transit, newest first; none once delivered.
    expect(travelling.map((item) => item.id)).toEqual([rest.json.id, first.json.id]);
    expect(arrived).toEqual([]);
    expect(one.status, one.text).toBe(200);
    expect(two.json).toMatchObject({ status: 'delivered', orderVersion: 5 });
    expect(delivered.json).toMatchObject({ status: 'delivered', version: 5, deliveredAt: two.json.deliveredAt });
    expect(delivered.json.lines.map((line) => [line.shippedQuantity, line.deliveredQuantity])).toEqual([[3, 3], [2, 2]]);
    expect(listed.json.items.map((item) => [item.id, item.status])).toEqual([[first.json.id, 'delivered'], [rest.json.id, 'delivered']]);
    for (const product of [a, b]) {
      const read = await client.get<{ stockOnHand: number }>(`/v1/products/${product.id}`, { as: 'exec' });
      expect(read.json.stockOnHand).toBe(product === a ? 7 : 8);
    }
  });

  it('refuses, writing nothing: more than ordered − shipped (409), a product not on the order (400), no If-Match (428), a stale one (412), another owner (404), an executive (403), a whole-order move once shipments exist (409)', async () => {
    // Prepare
    const { a, order } = await arrange();
    const other = await arrangeProduct(client, { stock: 10 });
    const shipment = await client.post<Shipment>(`/v1/orders/${order.id}/shipments`, shipmentBody(a.id, 1), { as: 'am1', headers: ifMatch(1) });
    expect(shipment.status, shipment.text).toBe(201);
    const path = `/v1/orders/${order.id}/shipments`;

    // Act
    const over = await client.post<Problem>(path, shipmentBody(a.id, 3), { as: 'am1', headers: ifMatch(2) });
    const foreign = await client.post<Problem>(path, shipmentBody(other.id, 1), { as: 'am1', headers: ifMatch(2) });
    const unconditional = await client.post<Problem>(path, shipmentBody(a.id, 1), { as: 'am1' });
    const stale = await client.post<Problem>(path, shipmentBody(a.id, 1), { as: 'am1', headers: ifMatch(1) });
    const notTheirs = await client.post<Problem>(path, shipmentBody(a.id, 1), { as: 'am2', headers: ifMatch(2) });
    const executive = await client.post<Problem>(path, shipmentBody(a.id, 1), { as: 'exec', headers: ifMatch(2) });
    const wholeOrder = await client.patch<Problem>(`/v1/orders/${order.id}`, { status: 'shipped' }, { as: 'sales', headers: ifMatch(2) });
    const cancel = await client.patch<Problem>(`/v1/orders/${order.id}`, { status: 'cancelled' }, { as: 'sales', headers: ifMatch(2) });
    const deliverStale = await client.post<Problem>(`${path}/${shipment.json.id}/deliver`, {}, { as: 'am1', headers: ifMatch(2) });

    // Assess
    expect([over.status, over.json.code, over.json.errors?.[0]?.path]).toEqual([409, 'ShipmentExceedsOrder', 'body.lines.0.quantity']);
    expect([foreign.status, foreign.json.errors?.[0]?.path]).toEqual([400, 'body.lines.0.productId']);
    expect(unconditional.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(notTheirs.status).toBe(404);
    expect(executive.status).toBe(403);
    expect([wholeOrder.status, wholeOrder.json.code]).toEqual([409, 'InvalidTransition']);
    expect(cancel.status).toBe(409);
    expect(deliverStale.status).toBe(412);
    await expectShipmentsUntouched(client, order.id, { version: 2, status: 'placed' }, [{ id: shipment.json.id, status: 'in_transit', version: 1 }]);
  });
});
