import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeContact } from './scenarios/contacts-activities.scenarios';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Order = {
  id: string; status: string; version: number; total: Money; balance: Money; paymentStatus: string; transactionType?: string;
  promisedDeliveryDate?: string; contactId?: string; lines: { productId: string; quantity: number; unitPrice: Money }[];
};
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

/**
 * Editing a placed order through the gateway (PATCH /v1/orders/{id} without `status`): per role, the stock and the
 * customer's figures move by the difference; refusals answer a problem and write nothing.
 */
describe('order edits end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;

  const stockOf = async (productId: string) => (await client.get<{ stockOnHand: number }>(`/v1/products/${productId}`, { as: 'exec' })).json.stockOnHand;
  const lifetimeValueOf = async (customerId: string) =>
    (await client.get<{ lifetimeValue?: Money }>(`/v1/customers/${customerId}`, { as: 'admin' })).json.lifetimeValue?.amount;
  const orderOf = async (orderId: string) => (await client.get<Order>(`/v1/orders/${orderId}`, { as: 'admin' })).json;
  const edit = (orderId: string, body: unknown, as: string, version: number) =>
    client.patch<Order | Problem>(`/v1/orders/${orderId}`, body, { as, headers: { 'if-match': `"${version}"` } });

  /** A customer of am1 with an order of 3 units at 12.50 placed by am1, the product holding 10 more. */
  const arrange = async () => {
    const customer = await arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号' });
    const product = await arrangeProduct(client, { stock: 13, price: 12_50 });
    const placed = await client.post<Order>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 3 }] }, { as: 'am1' });
    expect(placed.status, placed.text).toBe(201);
    return { customer, product, order: placed.json };
  };

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  it('lets the owner and the managers edit the lines; stock and lifetime value move by the difference', async () => {
    // Prepare
    const { customer, product, order } = await arrange();
    const other = await arrangeProduct(client, { stock: 4, price: 1_01 });

    // Act
    const byOwner = await edit(order.id, { lines: [{ productId: product.id, quantity: 5 }], transactionType: 'renewal' }, 'am1', 1);
    const bySales = await edit(order.id, { lines: [{ productId: product.id, quantity: 4 }, { productId: other.id, quantity: 3 }] }, 'sales', 2);
    const byAdmin = await edit(order.id, { promisedDeliveryDate: '2026-12-31' }, 'admin', 3);

    // Assess
    expect(byOwner.status, byOwner.text).toBe(200);
    expect(byOwner.json).toMatchObject({ version: 2, total: cny(62_50), balance: cny(62_50), transactionType: 'renewal' });
    expect(byOwner.headers.get('etag')).toBe('"2"');
    expect(bySales.status, bySales.text).toBe(200);
    expect(bySales.json).toMatchObject({ version: 3, total: cny(53_03) });
    expect(byAdmin.json).toMatchObject({ version: 4, total: cny(53_03), promisedDeliveryDate: '2026-12-31' });
    expect(await stockOf(product.id)).toBe(9);
    expect(await stockOf(other.id)).toBe(1);
    expect(await lifetimeValueOf(customer.id)).toBe(53_03);
  });

  it('answers 404 to another account manager and 403 to the executive, writing nothing', async () => {
    const { customer, product, order } = await arrange();

    const byOther = await edit(order.id, { lines: [{ productId: product.id, quantity: 1 }] }, 'am2', 1);
    const byExec = await edit(order.id, { lines: [{ productId: product.id, quantity: 1 }] }, 'exec', 1);

    expect(byOther.status, byOther.text).toBe(404);
    expect(byExec.status, byExec.text).toBe(403);
    expect(await orderOf(order.id)).toMatchObject({ version: 1, total: cny(37_50) });
    expect(await stockOf(product.id)).toBe(10);
    expect(await lifetimeValueOf(customer.id)).toBe(37_50);
  });

  it('refuses more than the stock (409 naming the product), a stale If-Match (412), a shipped order (409), and bad input (400)', async () => {
    // Prepare
    const { customer, product, order } = await arrange();
    const stranger = await arrangeCustomer(client, 'am1', { address: '北京市 2 号' });
    const strangersContact = await arrangeContact(client, stranger.id);

    // Act
    const short = await edit(order.id, { lines: [{ productId: product.id, quantity: 14 }] }, 'am1', 1);
    const stale = await edit(order.id, { lines: [{ productId: product.id, quantity: 1 }] }, 'am1', 9);
    const bad = await Promise.all([
      edit(order.id, { status: 'shipped', lines: [{ productId: product.id, quantity: 1 }] }, 'am1', 1),
      edit(order.id, { lines: [] }, 'am1', 1),
      edit(order.id, { lines: [{ productId: product.id, quantity: 0 }] }, 'am1', 1),
      edit(order.id, { lines: [{ productId: product.id, quantity: 1, unitPrice: cny(1) }] }, 'am1', 1),
      edit(order.id, { promisedDeliveryDate: '31.12.2026' }, 'am1', 1),
      edit(order.id, { transactionType: 'gift' }, 'am1', 1),
      edit(order.id, { contactId: strangersContact.id }, 'am1', 1),
    ]);
    const untouched = await orderOf(order.id);
    const shipped = await client.patch<Order>(`/v1/orders/${order.id}`, { status: 'shipped' }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const afterShipping = await edit(order.id, { lines: [{ productId: product.id, quantity: 1 }] }, 'am1', 2);

    // Assess
    expect(short.status, short.text).toBe(409);
    expect(short.json).toMatchObject({ code: 'InsufficientStock', detail: expect.stringContaining(product.code) });
    expect(stale.status, stale.text).toBe(412);
    expect(bad.map((response) => response.status), bad.map((response) => response.text).join('\n')).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect((bad[6]!.json as Problem).errors?.[0]?.path).toBe('body.contactId');
    expect(untouched).toMatchObject({ version: 1, total: cny(37_50) });
    expect(shipped.status).toBe(200);
    expect(afterShipping.status, afterShipping.text).toBe(409);
    expect(await stockOf(product.id)).toBe(10);
    expect(await lifetimeValueOf(customer.id)).toBe(37_50);
  });

  it('lets exactly one of two racing edits with the same If-Match win; the other gets 412 and the stock follows the winner', async () => {
    const { customer, product, order } = await arrange();

    const [first, second] = await Promise.all([
      edit(order.id, { lines: [{ productId: product.id, quantity: 1 }] }, 'am1', 1),
      edit(order.id, { lines: [{ productId: product.id, quantity: 8 }] }, 'sales', 1),
    ]);

    expect([first.status, second.status].sort(), `${first.text} ${second.text}`).toEqual([200, 412]);
    const winner = (first.status === 200 ? first : second).json as Order;
    const quantity = winner.lines[0]!.quantity;
    expect(await stockOf(product.id)).toBe(13 - quantity);
    expect(await lifetimeValueOf(customer.id)).toBe(quantity * 12_50);
    expect(await orderOf(order.id)).toMatchObject({ version: 2, total: cny(quantity * 12_50) });
  });

  it('places an order with a transaction type, a promised delivery date and a contact of the customer', async () => {
    const customer = await arrangeCustomer(client, 'am1', { address: '杭州市 3 号' });
    const contact = await arrangeContact(client, customer.id);
    const product = await arrangeProduct(client, { stock: 2 });

    const placed = await client.post<Order>(
      `/v1/customers/${customer.id}/orders`,
      { lines: [{ productId: product.id, quantity: 1 }], transactionType: 'renewal', promisedDeliveryDate: '2026-12-20', contactId: contact.id },
      { as: 'am1' },
    );
    const plain = await client.post<Order>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });

    expect(placed.status, placed.text).toBe(201);
    expect(placed.json).toMatchObject({ transactionType: 'renewal', promisedDeliveryDate: '2026-12-20', contactId: contact.id });
    expect(plain.json.transactionType).toBe('sale');
  });
});
