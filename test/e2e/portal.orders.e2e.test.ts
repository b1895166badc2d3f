import { describe, expect, it } from 'vitest';
import { api, portalTokensFor, tokenFor, useTestGateway } from '#test/support/e2e';
import { arrangeOrder, arrangeProduct, cny } from './scenarios/orders.scenarios';
import { arrangePortalUser } from './scenarios/portal.scenarios';

type Client = ReturnType<typeof api>;
type PortalOrder = {
  id: string; status: string; balance: { amount: number }; paidAmount: { amount: number }; version: number;
  lines: { productName: string; quantity: number }[]; shipment?: { shippedAt?: string };
};

/**
 * The portal's orders end to end (issue 21, part 2) with real tokens of the SECOND pool: the company's orders only, one
 * with its lines, shipment and balance; another customer's order 404; tokens of one pool refused on the other's routes.
 */
describe('customer portal: orders', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it("lists the company's orders and reads one with lines, shipment and balance; another customer's order is 404", async () => {
    // Prepare: an order of the portal user's company, shipped and partly paid; an order of another customer.
    const { customerId, user } = await arrangePortalUser(client, 'am1');
    const token = (await portalTokensFor(user.username)).idToken;
    const product = await arrangeProduct(client, { price: 10_00 });
    const placed = await client.post<{ id: string }>(`/v1/customers/${customerId}/orders`, { deliveryAddress: '北京市朝阳区 1 号', lines: [{ productId: product.id, quantity: 3 }] }, { as: 'admin' });
    expect(placed.status, placed.text).toBe(201);
    const orderId = placed.json.id;
    expect((await client.patch(`/v1/orders/${orderId}`, { status: 'shipped' }, { as: 'admin', headers: { 'if-match': '"1"' } })).status).toBe(200);
    expect((await client.post(`/v1/orders/${orderId}/payments`, { amount: cny(1_00), method: 'cash' }, { as: 'admin' })).status).toBe(201);
    const other = await arrangeOrder(client, 'am2');
    // Act
    const list = await client.get<{ items: { id: string }[]; nextCursor: string | null }>('/portal/v1/orders', { token });
    const read = await client.get<PortalOrder>(`/portal/v1/orders/${orderId}`, { token });
    const foreign = await client.get(`/portal/v1/orders/${other.order.id}`, { token });
    const badId = await client.get('/portal/v1/orders/not-an-id', { token });
    // Assess
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.map((item) => item.id)).toEqual([orderId]);
    expect(read.status, read.text).toBe(200);
    expect(read.json).toMatchObject({ status: 'shipped', paidAmount: { amount: 1_00 }, balance: { amount: 29_00 }, lines: [{ productName: product.name, quantity: 3 }] });
    expect(read.json.shipment?.shippedAt).toBeDefined();
    expect(read.headers.get('etag')).toBe(`"${read.json.version}"`);
    expect(foreign.status, foreign.text).toBe(404);
    expect(badId.status, badId.text).toBe(400);
  });

  it('refuses staff tokens on the portal order routes and portal tokens on the staff order routes (401)', async () => {
    // Prepare
    const { customerId, user } = await arrangePortalUser(client, 'am1');
    const token = (await portalTokensFor(user.username)).idToken;
    const staffToken = await tokenFor('admin');
    const { order } = await arrangeOrder(client, 'am1');
    // Act
    const staffOnPortal = await Promise.all([
      client.get('/portal/v1/orders', { token: staffToken }),
      client.get(`/portal/v1/orders/${order.id}`, { token: staffToken }),
    ]);
    const portalOnStaff = await Promise.all([
      client.get(`/v1/customers/${customerId}/orders`, { token }),
      client.get(`/v1/orders/${order.id}`, { token }),
    ]);
    // Assess
    expect(staffOnPortal.map((response) => response.status)).toEqual([401, 401]);
    expect(portalOnStaff.map((response) => response.status)).toEqual([401, 401]);
  });
});
