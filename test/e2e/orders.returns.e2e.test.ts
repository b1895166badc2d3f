import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeProduct, cny } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;
type Money = { amount: number; currency: string };
type Order = {
  id: string; orderNo: string; status: string; version: number; total: Money; paidAmount: Money; balance: Money; creditedAmount?: Money;
  paymentStatus: string; lines: { productId: string; quantity: number; returnedQuantity?: number }[]; payments: { amount: Money; note?: string }[];
};
type OrderReturn = { id: string; lines: { lineNo: number; quantity: number; amount: Money }[]; creditNote: { number: string; amount: Money }; orderVersion: number; restock: boolean };
type Problem = { status: number; code: string; detail: string; errors?: { path: string; message: string }[] };

/**
 * Returns after delivery and refunds through the gateway: per role, the credit note lowers what is owed, the stock comes
 * back when restocked, the customer's lifetime value follows; refusals answer a problem and write nothing.
 */
describe('order returns and refunds end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;

  const stockOf = async (productId: string) => (await client.get<{ stockOnHand: number }>(`/v1/products/${productId}`, { as: 'exec' })).json.stockOnHand;
  const lifetimeValueOf = async (customerId: string) =>
    (await client.get<{ lifetimeValue?: Money }>(`/v1/customers/${customerId}`, { as: 'admin' })).json.lifetimeValue?.amount;
  const orderOf = async (orderId: string) => (await client.get<Order>(`/v1/orders/${orderId}`, { as: 'admin' })).json;
  const returnOf = (orderId: string, body: unknown, as: string, version: number, key?: string) =>
    client.post<OrderReturn | Problem>(`/v1/orders/${orderId}/returns`, body, { as, headers: { 'if-match': `"${version}"`, ...(key ? { 'idempotency-key': key } : {}) } });
  const refund = (orderId: string, amount: number, as = 'admin') =>
    client.post<Order | Problem>(`/v1/orders/${orderId}/refunds`, { amount: cny(amount), method: 'bank-transfer', reason: 'e2e refund' }, { as });

  /** A customer of am1 with an order of 3 × 33.33 less 0.01 (99.98) placed, paid `paid`, shipped and delivered (version 3 or 4). */
  const arrange = async (paid = 0, deliver = true) => {
    const customer = await arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号' });
    const product = await arrangeProduct(client, { stock: 10, price: 33_33 });
    const placed = await client.post<Order>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: product.id, quantity: 3, discount: cny(1) }] }, { as: 'am1' });
    expect(placed.status, placed.text).toBe(201);
    let version = 1;
    if (paid > 0) {
      const payment = await client.post(`/v1/orders/${placed.json.id}/payments`, { amount: cny(paid), method: 'cash' }, { as: 'am1' });
      expect(payment.status, payment.text).toBe(201);
      version += 1;
    }
    for (const status of deliver ? ['shipped', 'delivered'] : []) {
      const moved = await client.patch(`/v1/orders/${placed.json.id}`, { status }, { as: 'admin', headers: { 'if-match': `"${version}"` } });
      expect(moved.status, moved.text).toBe(200);
      version += 1;
    }
    return { customer, product, order: placed.json, version };
  };

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  it('credits returned goods exactly to the fen, restocked or not, for the owner and the managers; lists the returns', async () => {
    // Prepare
    const { customer, product, order, version } = await arrange();

    // Act: 1 unit restocked by the owner, then the other 2 written off by a sales manager.
    const first = await returnOf(order.id, { lines: [{ productId: product.id, quantity: 1 }], restock: true, reason: 'damaged box' }, 'am1', version);
    const second = await returnOf(order.id, { lines: [{ productId: product.id, quantity: 2 }], restock: false, reason: 'broken' }, 'sales', version + 1);
    const list = await client.get<{ items: OrderReturn[] }>(`/v1/orders/${order.id}/returns`, { as: 'exec' });

    // Assess: 99.98 / 3 = 33.326… → 33.33, then the rest, 66.65: exactly the line.
    expect(first.status, first.text).toBe(201);
    expect(first.json).toMatchObject({ restock: true, orderVersion: version + 1, creditNote: { number: `CN-${order.orderNo}-1`, amount: cny(33_33) } });
    expect(second.status, second.text).toBe(201);
    expect(second.json).toMatchObject({ creditNote: { number: `CN-${order.orderNo}-2`, amount: cny(66_65) } });
    expect(await stockOf(product.id)).toBe(8);
    expect(await lifetimeValueOf(customer.id)).toBe(0);
    expect(await orderOf(order.id)).toMatchObject({ version: version + 2, creditedAmount: cny(99_98), balance: cny(0), paymentStatus: 'paid', lines: [{ returnedQuantity: 3 }] });
    expect(list.status, list.text).toBe(200);
    expect(list.json.items.map((item) => item.creditNote.number)).toEqual([`CN-${order.orderNo}-1`, `CN-${order.orderNo}-2`]);
  });

  it('refuses more than delivered, an order not delivered, a product not on it, a stale If-Match, another owner and the executive, writing nothing', async () => {
    // Prepare
    const { customer, product, order, version } = await arrange();
    const placedOnly = await arrange(0, false);
    const stranger = await arrangeProduct(client, { stock: 1 });
    const body = { lines: [{ productId: product.id, quantity: 1 }], restock: true, reason: 'x' };

    // Act
    const tooMany = await returnOf(order.id, { ...body, lines: [{ productId: product.id, quantity: 4 }] }, 'am1', version);
    const notDelivered = await returnOf(placedOnly.order.id, { ...body, lines: [{ productId: placedOnly.product.id, quantity: 1 }] }, 'am1', 1);
    const notOnOrder = await returnOf(order.id, { ...body, lines: [{ productId: stranger.id, quantity: 1 }] }, 'am1', version);
    const stale = await returnOf(order.id, body, 'am1', version - 1);
    const foreign = await returnOf(order.id, body, 'am2', version);
    const executive = await returnOf(order.id, body, 'exec', version);
    const noIfMatch = await client.post<Problem>(`/v1/orders/${order.id}/returns`, body, { as: 'admin' });

    // Assess
    expect([tooMany.status, notDelivered.status, notOnOrder.status, stale.status, foreign.status, executive.status, noIfMatch.status]).toEqual([409, 409, 400, 412, 404, 403, 428]);
    expect(tooMany.json).toMatchObject({ code: 'ReturnExceedsDelivered', errors: [{ path: 'body.lines.0.quantity' }] });
    expect(notDelivered.json).toMatchObject({ code: 'InvalidTransition' });
    expect(notOnOrder.json).toMatchObject({ errors: [{ path: 'body.lines.0.productId' }] });
    expect(await orderOf(order.id)).toMatchObject({ version, balance: cny(99_98) });
    expect((await orderOf(order.id)).creditedAmount).toBeUndefined();
    expect(await stockOf(product.id)).toBe(7);
    expect(await lifetimeValueOf(customer.id)).toBe(99_98);
    expect((await client.get<{ items: unknown[] }>(`/v1/orders/${order.id}/returns`, { as: 'admin' })).json.items).toEqual([]);
  });

  it('takes back only what shipments delivered: a partly delivered order (still placed) returns its delivered units, never those in transit', async () => {
    // Prepare: 3 ordered; a shipment of 2 delivered, a shipment of 1 still in transit.
    const { product, order } = await arrange(0, false);
    const ship = (quantity: number, version: number) =>
      client.post<{ id: string; orderVersion: number }>(
        `/v1/orders/${order.id}/shipments`,
        { carrier: '顺丰速运', trackingNumber: 'SF1', consignee: { name: '王五', phone: '13800000000', address: '上海' }, lines: [{ productId: product.id, quantity }] },
        { as: 'am1', headers: { 'if-match': `"${version}"` } },
      );
    const first = await ship(2, 1);
    expect(first.status, first.text).toBe(201);
    const delivered = await client.post<{ orderVersion: number }>(`/v1/orders/${order.id}/shipments/${first.json.id}/deliver`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    expect(delivered.status, delivered.text).toBe(200);
    const second = await ship(1, delivered.json.orderVersion);
    expect(second.status, second.text).toBe(201);
    const version = second.json.orderVersion;
    const body = (quantity: number) => ({ lines: [{ productId: product.id, quantity }], restock: true, reason: 'partial' });

    // Act
    const tooMany = await returnOf(order.id, body(3), 'am1', version);
    const two = await returnOf(order.id, body(2), 'am1', version);
    const more = await returnOf(order.id, body(1), 'am1', (two.json as OrderReturn).orderVersion);

    // Assess
    expect(tooMany.status).toBe(409);
    expect(tooMany.json).toMatchObject({ code: 'ReturnExceedsDelivered', errors: [{ path: 'body.lines.0.quantity', message: expect.stringContaining('At most 2') }] });
    expect(two.status, JSON.stringify(two.json)).toBe(201);
    expect((two.json as OrderReturn).lines).toEqual([expect.objectContaining({ lineNo: 1, quantity: 2 })]);
    expect(more.status).toBe(409);
    expect(more.json).toMatchObject({ code: 'InvalidTransition' });
    expect(await orderOf(order.id)).toMatchObject({ status: 'shipped', lines: [{ returnedQuantity: 2 }] });
  });

  it('lets one of two racing returns with the same If-Match win; the other is refused 412; a retried key replays', async () => {
    // Prepare
    const { product, order, version } = await arrange();
    const body = { lines: [{ productId: product.id, quantity: 2 }], restock: true, reason: 'race' };

    // Act
    const [a, b] = await Promise.all([returnOf(order.id, body, 'am1', version, 'race-return-a'), returnOf(order.id, body, 'sales', version)]);
    const replay = await returnOf(order.id, body, 'am1', version, 'race-return-a');

    // Assess
    expect([a.status, b.status].sort()).toEqual([201, 412]);
    expect(await stockOf(product.id)).toBe(9);
    expect(await orderOf(order.id)).toMatchObject({ version: version + 1, creditedAmount: cny(66_65), lines: [{ returnedQuantity: 2 }] });
    if (a.status === 201) {
      expect(replay.status, replay.text).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect((replay.json as OrderReturn).id).toBe((a.json as OrderReturn).id);
    }
  });

  it('refunds what a return left overpaid (a negative payment), never more than paid; a cancelled paid order is refunded in full', async () => {
    // Prepare: paid in full, then 1 unit returned — 33.33 overpaid.
    const { customer, product, order, version } = await arrange(99_98);
    const returned = await returnOf(order.id, { lines: [{ productId: product.id, quantity: 1 }], restock: true, reason: 'unwanted' }, 'am1', version);
    expect(returned.status, returned.text).toBe(201);
    const cancelledOne = await arrange(50_00, false);

    // Act
    const tooMuch = await refund(order.id, 99_99);
    const refunded = await refund(order.id, 33_33, 'am1');
    const cancelled = await client.patch<Order>(`/v1/orders/${cancelledOne.order.id}`, { status: 'cancelled' }, { as: 'sales', headers: { 'if-match': '"2"' } });
    const refundedAll = await refund(cancelledOne.order.id, 50_00, 'sales');
    const byExec = await refund(order.id, 1, 'exec');

    // Assess
    expect(tooMuch.status, tooMuch.text).toBe(409);
    expect(tooMuch.json).toMatchObject({ code: 'RefundExceedsPaid' });
    expect(refunded.status, refunded.text).toBe(201);
    expect(refunded.json).toMatchObject({ paidAmount: cny(66_65), creditedAmount: cny(33_33), balance: cny(0), paymentStatus: 'paid' });
    expect((refunded.json as Order).payments.map((payment) => payment.amount.amount)).toEqual([99_98, -33_33]);
    expect(await lifetimeValueOf(customer.id)).toBe(66_65);
    expect(cancelled.status, cancelled.text).toBe(200);
    expect(refundedAll.status, refundedAll.text).toBe(201);
    expect(refundedAll.json).toMatchObject({ status: 'cancelled', paidAmount: cny(0) });
    expect(byExec.status).toBe(403);
  });
});
