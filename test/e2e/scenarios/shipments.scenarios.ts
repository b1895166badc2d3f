import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeOrder } from './orders.scenarios';
import type { RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Shipment = { id: string; version: number; status: string; orderVersion: number };

/** A delivery list of `quantity` units of the arranged order's product (the order holds 2). */
export const shipmentBody = (productId: string, quantity = 1) => ({
  carrier: '顺丰速运',
  trackingNumber: 'SF1234567890',
  consignee: { name: '王五', phone: '13800000000', address: '上海市浦东新区 1 号' },
  lines: [{ productId, quantity }],
});

/** The order is at `version` and `status`, and its shipments are exactly `expected` (id → status and version). */
export const expectShipmentsUntouched = async (
  client: Client,
  orderId: string,
  order: { version: number; status: string },
  expected: readonly Pick<Shipment, 'id' | 'status' | 'version'>[],
): Promise<void> => {
  const current = await client.get<{ version: number; status: string }>(`/v1/orders/${orderId}`, { as: 'admin' });
  expect(current.status).toBe(200);
  expect(current.json).toMatchObject(order);
  const shipments = await client.get<{ items: Shipment[] }>(`/v1/orders/${orderId}/shipments`, { as: 'admin' });
  expect(shipments.status).toBe(200);
  expect(shipments.json.items.map(({ id, status, version }) => ({ id, status, version }))).toEqual(expected);
};

/** An order of `owner`'s customer (2 units, placed by the admin) with one shipment of 1 unit, in transit. */
const arrangeShipment = async (client: Client, owner: string) => {
  const arranged = await arrangeOrder(client, owner);
  const created = await client.post<Shipment>(`/v1/orders/${arranged.order.id}/shipments`, shipmentBody(arranged.product.id), {
    as: 'admin',
    headers: { 'if-match': '"1"' },
  });
  expect(created.status, created.text).toBe(201);
  return { ...arranged, shipment: created.json };
};

/** How to exercise each shipment route in the generated authorization matrix. */
export const SHIPMENT_SCENARIOS = {
  listShipments: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order, shipment } = await arrangeShipment(client, owner);
      return {
        method: 'GET',
        path: `/v1/orders/${order.id}/shipments`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { items: Shipment[] }).items.map((item) => item.id)).toEqual([shipment.id]);
        },
      };
    },
  },
  createShipment: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { order, product } = await arrangeOrder(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/shipments`,
        body: shipmentBody(product.id),
        headers: { 'if-match': '"1"' },
        assertUnchanged: () => expectShipmentsUntouched(client, order.id, { version: 1, status: 'placed' }, []),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ status: 'in_transit', orderVersion: 2, version: 1, lines: [{ productId: product.id, quantity: 1 }] });
          expect(response.headers.get('location')).toMatch(new RegExp(`^/v1/orders/${order.id}/shipments/[0-9A-Z]{26}$`));
        },
      };
    },
  },
  deliverShipment: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order, shipment } = await arrangeShipment(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/shipments/${shipment.id}/deliver`,
        body: {},
        headers: { 'if-match': '"1"' },
        assertUnchanged: () => expectShipmentsUntouched(client, order.id, { version: 2, status: 'placed' }, [{ id: shipment.id, status: 'in_transit', version: 1 }]),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: shipment.id, status: 'delivered', version: 2, orderVersion: 3 });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
