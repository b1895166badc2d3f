import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';
import { arrangeOrder, arrangeProduct, cny } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Order = {
  id: string; orderNo: string; status: string; version: number; total: Money; paidAmount: Money; balance: Money;
  paymentStatus: string; payments: { amount: Money }[]; orderedAt: string;
};
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };
type Product = { id: string; code: string; stockOnHand: number; version: number };
type Customer = { id: string; version: number; lastOrderAt?: string; lifetimeValue?: Money };

describe('orders end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;

  const stockOf = async (productId: string) => (await client.get<Product>(`/v1/products/${productId}`, { as: 'exec' })).json.stockOnHand;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  it('lets exactly one of two account managers racing for the last units have them; the other gets 409 naming the product', async () => {
    for (let round = 0; round < 3; round += 1) {
      // Prepare
      const product = await arrangeProduct(client, { stock: 5 });
      const ofAm1 = await arrangeCustomer(client, 'am1', { address: '北京市 1 号' });
      const ofAm2 = await arrangeCustomer(client, 'am2', { address: '上海市 2 号' });

      // Act
      const [first, second] = await Promise.all([
        client.post<Order | Problem>(`/v1/customers/${ofAm1.id}/orders`, { lines: [{ productId: product.id, quantity: 5 }] }, { as: 'am1' }),
        client.post<Order | Problem>(`/v1/customers/${ofAm2.id}/orders`, { lines: [{ productId: product.id, quantity: 4 }] }, { as: 'am2' }),
      ]);

      // Assess
      const statuses = [first.status, second.status].sort();
      expect(statuses, `${first.text} ${second.text}`).toEqual([201, 409]);
      const loser = (first.status === 409 ? first : second).json as Problem;
      expect(loser).toMatchObject({ code: 'InsufficientStock', detail: expect.stringContaining(product.code) });
      expect(loser.errors?.[0]?.message).toContain(product.id);
      const winner = (first.status === 201 ? first : second).json as Order;
      expect(await stockOf(product.id)).toBe(5 - (winner.total.amount / 12_50));
    }
  });

  it('never oversells under a crowd: 12 parallel orders of one unit for 4 units → 4 placed, 8 refused, stock 0', async () => {
    const product = await arrangeProduct(client, { stock: 4 });
    const ofAm1 = await arrangeCustomer(client, 'am1', { address: '北京市 1 号' });
    const ofAm2 = await arrangeCustomer(client, 'am2', { address: '上海市 2 号' });

    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        index % 2
          ? client.post(`/v1/customers/${ofAm1.id}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' })
          : client.post(`/v1/customers/${ofAm2.id}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am2' }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(4);
    expect(statuses.filter((status) => status === 409)).toHaveLength(8);
    expect(await stockOf(product.id)).toBe(0);
  });

  it('puts the stock back and reverses the customer figures when an order is cancelled', async () => {
    // Prepare
    const product = await arrangeProduct(client, { stock: 5, price: 33_33 });
    const customer = await arrangeCustomer(client, 'am1', { address: '杭州市 3 号' });
    const placed = await client.post<Order>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 3 }] }, { as: 'am1' });
    const afterPlacement = await client.get<Customer>(`/v1/customers/${customer.id}`, { as: 'am1' });

    // Act
    const cancelled = await client.patch<Order>(`/v1/orders/${placed.json.id}`, { status: 'cancelled', reason: 'withdrawn' }, { as: 'am1', headers: { 'if-match': placed.headers.get('etag')! } });

    // Assess
    expect(placed.status).toBe(201);
    expect(afterPlacement.json).toMatchObject({ lifetimeValue: cny(99_99), lastOrderAt: placed.json.orderedAt, version: 1 });
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(cancelled.json).toMatchObject({ status: 'cancelled', version: 2 });
    expect(cancelled.headers.get('etag')).toBe('"2"');
    expect(await stockOf(product.id)).toBe(5);
    const afterCancel = await client.get<Customer>(`/v1/customers/${customer.id}`, { as: 'am1' });
    expect(afterCancel.json).toMatchObject({ lifetimeValue: cny(0), lastOrderAt: placed.json.orderedAt, version: 1 });
    const listed = await client.get<{ items: Order[] }>(`/v1/customers/${customer.id}/orders`, { as: 'am1' });
    expect(listed.json.items.map((item) => [item.id, item.status])).toEqual([[placed.json.id, 'cancelled']]);
    const again = await client.patch(`/v1/orders/${placed.json.id}`, { status: 'cancelled' }, { as: 'am1', headers: { 'if-match': '"2"' } });
    expect(again.status).toBe(409);
    expect(await stockOf(product.id)).toBe(5);
  });

  it('keeps receivables exact to the fen: three payments of 33.33 settle 99.99, a fourth is refused', async () => {
    const product = await arrangeProduct(client, { stock: 5, price: 33_33 });
    const customer = await arrangeCustomer(client, 'am2', { address: '成都市 4 号' });
    const placed = await client.post<Order>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 3 }] }, { as: 'am2' });
    const payment = { amount: cny(33_33), method: 'alipay', reference: 'ALI-1' };

    const answers = [];
    for (let index = 0; index < 3; index += 1) answers.push(await client.post<Order>(`/v1/orders/${placed.json.id}/payments`, payment, { as: 'am2' }));
    const fourth = await client.post<Problem>(`/v1/orders/${placed.json.id}/payments`, { ...payment, amount: cny(1) }, { as: 'am2' });
    const read = await client.get<Order>(`/v1/orders/${placed.json.id}`, { as: 'exec' });

    expect(answers.map((answer) => [answer.status, answer.json.balance.amount, answer.json.paymentStatus])).toEqual([
      [201, 66_66, 'partial'],
      [201, 33_33, 'partial'],
      [201, 0, 'paid'],
    ]);
    expect(fourth.status).toBe(409);
    expect(fourth.json.code).toBe('PaymentExceedsBalance');
    expect(read.json).toMatchObject({ total: cny(99_99), paidAmount: cny(99_99), balance: cny(0), paymentStatus: 'paid', version: 4 });
    expect(read.json.payments.map((item) => item.amount.amount)).toEqual([33_33, 33_33, 33_33]);
    // A paid order may be cancelled: its paid amount stays, to be refunded (orders.returns.e2e.test.ts).
    const paidOrder = await client.patch<Order>(`/v1/orders/${placed.json.id}`, { status: 'cancelled' }, { as: 'am2', headers: { 'if-match': '"4"' } });
    expect(paidOrder.status, paidOrder.text).toBe(200);
    expect(paidOrder.json).toMatchObject({ status: 'cancelled', paidAmount: cny(99_99) });
  });

  it('replays an order placed twice with the same Idempotency-Key, taking the stock once, and refuses the key with another body (422)', async () => {
    const product = await arrangeProduct(client, { stock: 3 });
    const customer = await arrangeCustomer(client, 'am1', { address: '南京市 5 号' });
    const key = `order-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    const body = { lines: [{ productId: product.id, quantity: 3 }] };
    const path = `/v1/customers/${customer.id}/orders`;

    const first = await client.post<Order>(path, body, { as: 'am1', headers: { 'idempotency-key': key } });
    const retry = await client.post<Order>(path, body, { as: 'am1', headers: { 'idempotency-key': key } });
    const other = await client.post<Problem>(path, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1', headers: { 'idempotency-key': key } });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.json.id).toBe(first.json.id);
    expect(other.status).toBe(422);
    expect(await stockOf(product.id)).toBe(0);
    const listed = await client.get<{ items: unknown[] }>(path, { as: 'am1' });
    expect(listed.json.items).toHaveLength(1);
  });

  it('lets a manager override the unit price, and prices every line with its discount', async () => {
    const product = await arrangeProduct(client, { stock: 10, price: 100_00 });
    const customer = await arrangeCustomer(client, 'am1', { address: '武汉市 6 号' });

    const placed = await client.post<Order & { lines: { unitPrice: Money; discount: Money; amount: Money }[] }>(
      `/v1/customers/${customer.id}/orders`,
      { deliveryAddress: '武汉市 7 号 仓库', lines: [{ productId: product.id, quantity: 2, unitPrice: cny(90_00), discount: cny(5_00) }, { productId: product.id, quantity: 1 }] },
      { as: 'sales' },
    );

    expect(placed.status, placed.text).toBe(201);
    expect(placed.json.lines.map((line) => [line.unitPrice.amount, line.discount.amount, line.amount.amount])).toEqual([
      [90_00, 5_00, 175_00],
      [100_00, 0, 100_00],
    ]);
    expect(placed.json).toMatchObject({ total: cny(275_00), deliveryAddress: '武汉市 7 号 仓库' });
    expect(await stockOf(product.id)).toBe(7);
  });

  it('moves an order through shipped and delivered, and lists it by status and date for executives', async () => {
    const { order } = await arrangeOrder(client, 'am2');

    const shipped = await client.patch<Order>(`/v1/orders/${order.id}`, { status: 'shipped' }, { as: 'am2', headers: { 'if-match': '"1"' } });
    const delivered = await client.patch<Order>(`/v1/orders/${order.id}`, { status: 'delivered' }, { as: 'sales', headers: { 'if-match': '"2"' } });
    const to = new Date(new Date(order.orderedAt).getTime() + 1000).toISOString();
    const range = `from=${encodeURIComponent(order.orderedAt)}&to=${encodeURIComponent(to)}&limit=100`;
    const asDelivered = await client.get<{ items: { id: string; status: string }[] }>(`/v1/orders?status=delivered&${range}`, { as: 'exec' });
    const asPlaced = await client.get<{ items: { id: string }[] }>(`/v1/orders?status=placed&${range}`, { as: 'exec' });
    const byAccountManager = await client.get(`/v1/orders?${range}`, { as: 'am2' });

    expect([shipped.status, delivered.status]).toEqual([200, 200]);
    expect(asDelivered.json.items.filter((item) => item.id === order.id)).toEqual([expect.objectContaining({ status: 'delivered' })]);
    expect(asPlaced.json.items.map((item) => item.id)).not.toContain(order.id);
    expect(byAccountManager.status).toBe(403);
  });

  it('keeps lastOrderAt and lifetimeValue read-only on customers and never bumps the customer version', async () => {
    const { customer } = await arrangeOrder(client, 'am1');

    const patched = await client.patch<Customer>(`/v1/customers/${customer.id}`, { credit: 4 }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const refused = await client.patch<Problem>(`/v1/customers/${customer.id}`, { lastOrderAt: '2020-01-01T00:00:00Z', lifetimeValue: cny(1) }, { as: 'am1', headers: { 'if-match': '"2"' } });

    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ version: 2, lifetimeValue: cny(25_00), lastOrderAt: expect.any(String) });
    expect(refused.status).toBe(400);
    expect(refused.json.errors?.map((error) => error.path)).toEqual(expect.arrayContaining(['body.lastOrderAt', 'body.lifetimeValue']));
  });

  it('shows the customer’s latest orders in the 360 view, newest first, with their current status and balance', async () => {
    const product = await arrangeProduct(client, { stock: 10 });
    const customer = await arrangeCustomer(client, 'am1', { address: '厦门市 8 号' });
    const place = (orderedAt: string) =>
      client.post<Order>(`/v1/customers/${customer.id}/orders`, { orderedAt, lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });
    const older = await place('2026-02-01T00:00:00.000Z');
    const newer = await place('2026-05-01T00:00:00.000Z');
    await client.post(`/v1/orders/${older.json.id}/payments`, { amount: cny(12_50), method: 'cash' }, { as: 'am1' });

    const overview = await client.get<{ recentOrders: { id: string; status: string; paymentStatus: string; balance: Money }[] }>(
      `/v1/customers/${customer.id}/overview`,
      { as: 'am1' },
    );

    expect(overview.status, overview.text).toBe(200);
    expect(overview.json.recentOrders).toEqual([
      expect.objectContaining({ id: newer.json.id, status: 'placed', paymentStatus: 'unpaid', balance: cny(12_50) }),
      expect.objectContaining({ id: older.json.id, status: 'placed', paymentStatus: 'paid', balance: cny(0) }),
    ]);
  });

  it('finds products by name prefix and never returns storage attributes', async () => {
    const marker = uniqueName('相机');
    const product = await arrangeProduct(client, { name: `${marker} 专业版` });

    const found = await client.get<{ items: Record<string, unknown>[] }>(`/v1/products?q=${encodeURIComponent(marker.slice(0, 20))}`, { as: 'am1' });
    const order = await arrangeOrder(client, 'am1');
    const read = await client.get<Record<string, unknown>>(`/v1/orders/${order.order.id}`, { as: 'am1' });
    const list = await client.get<{ items: Record<string, unknown>[] }>(`/v1/customers/${order.customer.id}/orders`, { as: 'am1' });

    expect(found.json.items.map((item) => item.id)).toContain(product.id);
    const leaks = (item: Record<string, unknown>) => Object.keys(item).filter((key) => /^(pk|sk|gsi\d+(pk|sk)|nameKey|entity)$/.test(key));
    expect([...found.json.items.flatMap(leaks), ...leaks(read.json), ...list.json.items.flatMap(leaks)]).toEqual([]);
  });

  it('answers the cost price to administrators and sales managers only, flags stock at or below the reorder level, and audits the new fields', async () => {
    // Prepare
    const name = uniqueName('成本价');
    const created = await client.post<Record<string, unknown> & { id: string }>(
      '/v1/products',
      {
        code: `COST-${Date.now().toString(36).toUpperCase()}`, name, unit: 'pcs', unitPrice: cny(99_00), stockOnHand: 4,
        description: '316 不锈钢齿轮泵', category: 'hardware', costPrice: cny(61_00), reorderLevel: 3,
      },
      { as: 'admin' },
    );
    expect(created.status, created.text).toBe(201);
    const { id } = created.json;

    // Act
    const seen: Record<string, unknown[]> = {};
    for (const as of ['admin', 'sales', 'am1', 'exec']) {
      const read = await client.get<Record<string, unknown>>(`/v1/products/${id}`, { as });
      const list = await client.get<{ items: Record<string, unknown>[] }>(`/v1/products?q=${encodeURIComponent(name)}`, { as });
      const listed = list.json.items.find((item) => item.id === id);
      seen[as] = [read.status, 'costPrice' in read.json, read.json.costPrice, listed !== undefined && 'costPrice' in listed, read.json.belowReorderLevel];
    }
    const adjusted = await client.post(`/v1/products/${id}/stock-adjustments`, { delta: -1, reason: 'counted' }, { as: 'admin' });
    const atLevel = await client.get<Record<string, unknown>>(`/v1/products/${id}`, { as: 'am1' });
    const patched = await client.patch<Record<string, unknown>>(`/v1/products/${id}`, { reorderLevel: 2, category: 'components' }, { as: 'admin', headers: { 'if-match': '"1"' } });
    const history = await client.get<{ items: { action: string; changes: { field: string }[] }[] }>(`/v1/audit?entityType=product&entityId=${id}`, { as: 'admin' });
    // The audit trail is another channel for the cost price: an executive reads the history without it.
    const execHistory = await client.get<{ items: { action: string; changes: { field: string }[] }[] }>(`/v1/audit?entityType=product&entityId=${id}`, { as: 'exec' });

    // Assess
    expect(created.json).toMatchObject({ description: '316 不锈钢齿轮泵', category: 'hardware', costPrice: cny(61_00), reorderLevel: 3, belowReorderLevel: false });
    expect(seen).toEqual({
      admin: [200, true, cny(61_00), true, false],
      sales: [200, true, cny(61_00), true, false],
      am1: [200, false, undefined, false, false],
      exec: [200, false, undefined, false, false],
    });
    expect(adjusted.status, adjusted.text).toBe(201);
    expect(atLevel.json).toMatchObject({ stockOnHand: 3, reorderLevel: 3, belowReorderLevel: true });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ category: 'components', reorderLevel: 2, costPrice: cny(61_00), belowReorderLevel: false });
    const fields = (action: string) => history.json.items.filter((entry) => entry.action === action).flatMap((entry) => entry.changes.map((change) => change.field));
    expect(fields('create')).toEqual(expect.arrayContaining(['description', 'category', 'costPrice', 'reorderLevel']));
    expect(fields('update')).toEqual(expect.arrayContaining(['category', 'reorderLevel']));
    expect(execHistory.status).toBe(200);
    const execFields = execHistory.json.items.flatMap((entry) => entry.changes.map((change) => change.field));
    expect(execFields).toEqual(expect.arrayContaining(['description', 'category', 'reorderLevel']));
    expect(execFields).not.toContain('costPrice');
  });
});
