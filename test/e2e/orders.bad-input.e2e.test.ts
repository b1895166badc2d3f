import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';
import { arrangeProduct, cny, expectOrderUntouched, expectProductUntouched, uniqueCode } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;

interface Arranged {
  /** Owned by am1, with an address. */
  readonly customerId: string;
  /** 10 on hand, 12.50, version 1 — 2 of them are on `orderId`, so 8 remain. */
  readonly productId: string;
  readonly inactiveProductId: string;
  /** Placed by the admin for `customerId`: 2 × 12.50. */
  readonly orderId: string;
  /** A customer of am2. */
  readonly foreignCustomerId: string;
  readonly marker: string;
}

interface BadRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: (a: Arranged) => string;
  readonly as?: string;
  readonly body?: (a: Arranged) => unknown;
  readonly headers?: Record<string, string>;
  readonly status: number;
  /** The problem's `errors[].path` that must be named, when the refusal is about one field. */
  readonly field?: string;
  readonly code?: string;
}

const json = { 'content-type': 'application/json' };
const v1 = { 'if-match': '"1"' };
const product = (a: Arranged) => `/v1/products/${a.productId}`;
const orders = (a: Arranged) => `/v1/customers/${a.customerId}/orders`;
const order = (a: Arranged) => `/v1/orders/${a.orderId}`;
const payments = (a: Arranged) => `/v1/orders/${a.orderId}/payments`;
const newProduct = (a: Arranged, extra: Record<string, unknown> = {}) => ({ code: uniqueCode(), name: a.marker, unit: 'pcs', unitPrice: cny(1_00), ...extra });
const line = (a: Arranged, extra: Record<string, unknown> = {}) => ({ productId: a.productId, quantity: 1, ...extra });
const pay = (extra: Record<string, unknown> = {}) => ({ amount: cny(1_00), method: 'cash', ...extra });

/**
 * Bad input for every orders-function route: each is refused with a problem response (never a 5xx) and writes
 * nothing — the arranged product keeps its version and stock, the arranged order stays placed and unpaid, the
 * customer keeps exactly its one order, and no product named after the test's marker appears.
 */
const BAD_REQUESTS: BadRequest[] = [
  // POST /v1/products
  { label: 'malformed JSON', method: 'POST', path: () => '/v1/products', body: () => '{"code": ', headers: json, status: 400 },
  { label: 'a text/plain body', method: 'POST', path: () => '/v1/products', body: () => 'x', headers: { 'content-type': 'text/plain' }, status: 415 },
  { label: 'no code', method: 'POST', path: () => '/v1/products', body: (a) => ({ ...newProduct(a), code: undefined }), status: 400, field: 'body.code' },
  { label: 'a code with spaces', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { code: 'A B' }), status: 400, field: 'body.code' },
  { label: 'a negative price', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { unitPrice: cny(-1) }), status: 400, field: 'body.unitPrice.amount' },
  { label: 'a fractional price', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { unitPrice: cny(9.99) }), status: 400, field: 'body.unitPrice.amount' },
  { label: 'a price in another currency', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { unitPrice: { amount: 100, currency: 'USD' } }), status: 400, field: 'body.unitPrice.currency' },
  { label: 'negative opening stock', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { stockOnHand: -1 }), status: 400, field: 'body.stockOnHand' },
  { label: 'fractional opening stock', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { stockOnHand: 1.5 }), status: 400, field: 'body.stockOnHand' },
  { label: 'a client-chosen id', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { id: '01JAAAAAAAAAAAAAAAAAAAAAAA' }), status: 400, field: 'body.id' },
  { label: 'a product written by a sales manager', method: 'POST', path: () => '/v1/products', as: 'sales', body: (a) => newProduct(a), status: 403 },
  { label: 'a category that is no dictionary code', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { category: 'gadgets' }), status: 400, field: 'body.category' },
  { label: 'a category that is not a code', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { category: 'Hardware' }), status: 400, field: 'body.category' },
  { label: 'a description over 2000 characters', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { description: 'x'.repeat(2001) }), status: 400, field: 'body.description' },
  { label: 'a cost price as a number', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { costPrice: 100 }), status: 400, field: 'body.costPrice' },
  { label: 'a negative cost price', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { costPrice: cny(-1) }), status: 400, field: 'body.costPrice.amount' },
  { label: 'a cost price in another currency', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { costPrice: { amount: 100, currency: 'USD' } }), status: 400, field: 'body.costPrice.currency' },
  { label: 'a negative reorder level', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { reorderLevel: -1 }), status: 400, field: 'body.reorderLevel' },
  { label: 'a fractional reorder level', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { reorderLevel: 2.5 }), status: 400, field: 'body.reorderLevel' },
  { label: 'a reorder level over the stock maximum', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { reorderLevel: 1_000_000_001 }), status: 400, field: 'body.reorderLevel' },
  { label: 'a reorder level as text', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { reorderLevel: '5' }), status: 400, field: 'body.reorderLevel' },
  { label: 'a client-set belowReorderLevel', method: 'POST', path: () => '/v1/products', body: (a) => newProduct(a, { belowReorderLevel: true }), status: 400, field: 'body.belowReorderLevel' },
  // GET /v1/products
  { label: 'limit 0', method: 'GET', path: () => '/v1/products?limit=0', status: 400, field: 'query.limit' },
  { label: 'active=yes', method: 'GET', path: () => '/v1/products?active=yes', status: 400, field: 'query.active' },
  { label: 'a forged cursor', method: 'GET', path: () => '/v1/products?cursor=eyJrIjp7fX0.AAAA', status: 400 },
  // GET /v1/products/{id}
  { label: 'a malformed product id', method: 'GET', path: () => '/v1/products/nope', status: 400, field: 'params.productId' },
  { label: 'an unknown product id', method: 'GET', path: () => '/v1/products/01JZZZZZZZZZZZZZZZZZZZZZZZ', status: 404, code: 'ProductNotFound' },
  // PATCH /v1/products/{id}
  { label: 'a product PATCH without If-Match', method: 'PATCH', path: product, body: () => ({ name: 'x' }), status: 428 },
  { label: 'a product PATCH with a stale If-Match', method: 'PATCH', path: product, body: () => ({ name: 'x' }), headers: { 'if-match': '"9"' }, status: 412 },
  { label: 'a PATCH of the code', method: 'PATCH', path: product, body: () => ({ code: 'NEW-1' }), headers: v1, status: 400, field: 'body.code' },
  { label: 'a PATCH of the stock', method: 'PATCH', path: product, body: () => ({ stockOnHand: 1000 }), headers: v1, status: 400, field: 'body.stockOnHand' },
  { label: 'an empty product PATCH', method: 'PATCH', path: product, body: () => ({}), headers: v1, status: 400 },
  { label: 'a PATCH clearing the unit', method: 'PATCH', path: product, body: () => ({ unit: null }), headers: v1, status: 400, field: 'body.unit' },
  { label: 'a PATCH to an unknown category', method: 'PATCH', path: product, body: () => ({ category: 'gadgets' }), headers: v1, status: 400, field: 'body.category' },
  { label: 'a PATCH of a description over 2000 characters', method: 'PATCH', path: product, body: () => ({ description: 'x'.repeat(2001) }), headers: v1, status: 400, field: 'body.description' },
  { label: 'a PATCH of a fractional cost price', method: 'PATCH', path: product, body: () => ({ costPrice: cny(1.5) }), headers: v1, status: 400, field: 'body.costPrice.amount' },
  { label: 'a PATCH of a negative reorder level', method: 'PATCH', path: product, body: () => ({ reorderLevel: -1 }), headers: v1, status: 400, field: 'body.reorderLevel' },
  // POST /v1/products/{id}/stock-adjustments
  { label: 'a zero delta', method: 'POST', path: (a) => `${product(a)}/stock-adjustments`, body: () => ({ delta: 0, reason: 'x' }), status: 400, field: 'body.delta' },
  { label: 'a fractional delta', method: 'POST', path: (a) => `${product(a)}/stock-adjustments`, body: () => ({ delta: 1.5, reason: 'x' }), status: 400, field: 'body.delta' },
  { label: 'an adjustment without reason', method: 'POST', path: (a) => `${product(a)}/stock-adjustments`, body: () => ({ delta: 1 }), status: 400, field: 'body.reason' },
  { label: 'an adjustment below zero', method: 'POST', path: (a) => `${product(a)}/stock-adjustments`, body: () => ({ delta: -9, reason: 'count' }), status: 409, code: 'InsufficientStock' },
  { label: 'an adjustment of an unknown product', method: 'POST', path: () => '/v1/products/01JZZZZZZZZZZZZZZZZZZZZZZZ/stock-adjustments', body: () => ({ delta: 1, reason: 'x' }), status: 404 },
  { label: 'an adjustment by an account manager', method: 'POST', path: (a) => `${product(a)}/stock-adjustments`, as: 'am1', body: () => ({ delta: 1, reason: 'x' }), status: 403 },
  // POST /v1/customers/{id}/orders
  { label: 'an order without lines', method: 'POST', path: orders, body: () => ({ lines: [] }), status: 400, field: 'body.lines' },
  { label: 'an order of 51 lines', method: 'POST', path: orders, body: (a) => ({ lines: Array.from({ length: 51 }, () => line(a)) }), status: 400, field: 'body.lines' },
  { label: 'quantity 0', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { quantity: 0 })] }), status: 400, field: 'body.lines.0.quantity' },
  { label: 'a negative quantity', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { quantity: -2 })] }), status: 400, field: 'body.lines.0.quantity' },
  { label: 'a fractional quantity', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { quantity: 1.5 })] }), status: 400, field: 'body.lines.0.quantity' },
  { label: 'an unknown product', method: 'POST', path: orders, body: (a) => ({ lines: [line(a), line(a, { productId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' })] }), status: 400, field: 'body.lines.1.productId' },
  { label: 'an inactive product', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { productId: a.inactiveProductId })] }), status: 409, code: 'ProductInactive' },
  { label: 'more than the stock', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { quantity: 5 }), line(a, { quantity: 4 })] }), status: 409, code: 'InsufficientStock' },
  { label: 'a price override by an account manager', method: 'POST', path: orders, as: 'am1', body: (a) => ({ lines: [line(a, { unitPrice: cny(1) })] }), status: 400, field: 'body.lines.0.unitPrice' },
  { label: 'a negative discount', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { discount: cny(-1) })] }), status: 400, field: 'body.lines.0.discount.amount' },
  { label: 'a fractional discount', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { discount: cny(0.5) })] }), status: 400, field: 'body.lines.0.discount.amount' },
  { label: 'a discount above the line', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { discount: cny(12_51) })] }), status: 400, field: 'body.lines.0.discount' },
  { label: 'a price override in another currency', method: 'POST', path: orders, body: (a) => ({ lines: [line(a, { unitPrice: { amount: 1, currency: 'USD' } })] }), status: 400, field: 'body.lines.0.unitPrice.currency' },
  { label: 'an order date in the future', method: 'POST', path: orders, body: (a) => ({ orderedAt: '2099-01-01', lines: [line(a)] }), status: 400, field: 'body.orderedAt' },
  { label: 'a malformed order date', method: 'POST', path: orders, body: (a) => ({ orderedAt: '22/11/2026', lines: [line(a)] }), status: 400, field: 'body.orderedAt' },
  { label: 'client-set totals', method: 'POST', path: orders, body: (a) => ({ total: cny(1), lines: [line(a)] }), status: 400, field: 'body.total' },
  { label: 'a client-set status', method: 'POST', path: orders, body: (a) => ({ status: 'delivered', lines: [line(a)] }), status: 400, field: 'body.status' },
  { label: 'an order for another account manager’s customer', method: 'POST', path: (a) => `/v1/customers/${a.foreignCustomerId}/orders`, as: 'am1', body: (a) => ({ lines: [line(a)] }), status: 404 },
  { label: 'an order for an unknown customer', method: 'POST', path: () => '/v1/customers/01JZZZZZZZZZZZZZZZZZZZZZZZ/orders', body: (a) => ({ lines: [line(a)] }), status: 404 },
  { label: 'an order by an executive', method: 'POST', path: orders, as: 'exec', body: (a) => ({ lines: [line(a)] }), status: 403 },
  { label: 'a malformed Idempotency-Key', method: 'POST', path: orders, body: (a) => ({ lines: [line(a)] }), headers: { 'idempotency-key': 'no spaces!' }, status: 400 },
  // GET /v1/customers/{id}/orders
  { label: 'orders of a malformed customer id', method: 'GET', path: () => '/v1/customers/x/orders', status: 400, field: 'params.customerId' },
  { label: 'orders of another account manager’s customer', method: 'GET', path: (a) => `/v1/customers/${a.foreignCustomerId}/orders`, as: 'am1', status: 404 },
  { label: 'an unknown filter on a customer’s orders', method: 'GET', path: (a) => `${orders(a)}?status=placed`, status: 400, field: 'query.status' },
  { label: 'a customer’s orders since a non-instant', method: 'GET', path: (a) => `${orders(a)}?updatedSince=now`, status: 400, field: 'query.updatedSince' },
  { label: 'a customer’s orders since an hour ahead', method: 'GET', path: (a) => `${orders(a)}?updatedSince=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`, status: 400, field: 'query.updatedSince' },
  // GET /v1/orders/{id}
  { label: 'a malformed order id', method: 'GET', path: () => '/v1/orders/123', status: 400, field: 'params.orderId' },
  { label: 'an unknown order id', method: 'GET', path: () => '/v1/orders/01JZZZZZZZZZZZZZZZZZZZZZZZ', status: 404, code: 'OrderNotFound' },
  // GET /v1/orders
  { label: 'an unknown status filter', method: 'GET', path: () => '/v1/orders?status=lost', status: 400, field: 'query.status' },
  { label: 'all orders since a non-instant', method: 'GET', path: () => '/v1/orders?updatedSince=yesterday', status: 400, field: 'query.updatedSince' },
  { label: 'all orders since an hour ahead', method: 'GET', path: () => `/v1/orders?updatedSince=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`, status: 400, field: 'query.updatedSince' },
  { label: 'all orders since 40 days ago', method: 'GET', path: () => `/v1/orders?updatedSince=${encodeURIComponent(new Date(Date.now() - 40 * 86_400_000).toISOString())}`, status: 400, field: 'query.updatedSince' },
  { label: 'all orders since, with a status filter', method: 'GET', path: () => `/v1/orders?updatedSince=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&status=placed`, status: 400, field: 'query.status' },
  { label: 'all orders since, with a date range', method: 'GET', path: () => `/v1/orders?updatedSince=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&from=2026-01-01T00:00:00Z`, status: 400, field: 'query.from' },
  { label: 'from after to', method: 'GET', path: () => '/v1/orders?from=2026-02-01&to=2026-01-01', status: 400, field: 'query.to' },
  { label: 'a malformed from', method: 'GET', path: () => '/v1/orders?from=yesterday', status: 400, field: 'query.from' },
  // PATCH /v1/orders/{id}
  { label: 'a status move without If-Match', method: 'PATCH', path: order, body: () => ({ status: 'shipped' }), status: 428 },
  { label: 'a status move with a stale If-Match', method: 'PATCH', path: order, body: () => ({ status: 'shipped' }), headers: { 'if-match': '"2"' }, status: 412 },
  { label: 'placed → delivered', method: 'PATCH', path: order, body: () => ({ status: 'delivered' }), headers: v1, status: 409, code: 'InvalidTransition' },
  { label: 'placed → placed', method: 'PATCH', path: order, body: () => ({ status: 'placed' }), headers: v1, status: 409, code: 'InvalidTransition' },
  { label: 'an unknown status', method: 'PATCH', path: order, body: () => ({ status: 'lost' }), headers: v1, status: 400, field: 'body.status' },
  { label: 'a reason with a shipment', method: 'PATCH', path: order, body: () => ({ status: 'shipped', reason: 'x' }), headers: v1, status: 400, field: 'body.reason' },
  { label: 'a PATCH of the lines', method: 'PATCH', path: order, body: () => ({ status: 'shipped', lines: [] }), headers: v1, status: 400, field: 'body.lines' },
  { label: 'a status move by an executive', method: 'PATCH', path: order, as: 'exec', body: () => ({ status: 'shipped' }), headers: v1, status: 403 },
  // POST /v1/orders/{id}/payments
  { label: 'a payment over the balance', method: 'POST', path: payments, body: () => pay({ amount: cny(25_01) }), status: 409, code: 'PaymentExceedsBalance', field: 'body.amount.amount' },
  { label: 'a zero payment', method: 'POST', path: payments, body: () => pay({ amount: cny(0) }), status: 400, field: 'body.amount.amount' },
  { label: 'a negative payment', method: 'POST', path: payments, body: () => pay({ amount: cny(-100) }), status: 400, field: 'body.amount.amount' },
  { label: 'a fractional payment', method: 'POST', path: payments, body: () => pay({ amount: cny(10.001) }), status: 400, field: 'body.amount.amount' },
  { label: 'a payment in another currency', method: 'POST', path: payments, body: () => pay({ amount: { amount: 100, currency: 'USD' } }), status: 400, field: 'body.amount.currency' },
  { label: 'an unknown payment method', method: 'POST', path: payments, body: () => pay({ method: 'barter' }), status: 400, field: 'body.method' },
  { label: 'a payment dated in the future', method: 'POST', path: payments, body: () => pay({ paidAt: '2099-01-01T00:00:00Z' }), status: 400, field: 'body.paidAt' },
  { label: 'a payment without amount', method: 'POST', path: payments, body: () => ({ method: 'cash' }), status: 400, field: 'body.amount' },
  { label: 'a payment on an unknown order', method: 'POST', path: () => '/v1/orders/01JZZZZZZZZZZZZZZZZZZZZZZZ/payments', body: () => pay(), status: 404 },
  { label: 'a payment by an executive', method: 'POST', path: payments, as: 'exec', body: () => pay(), status: 403 },
];

describe('orders: bad input is refused with a problem and writes nothing', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const arrange = async (): Promise<Arranged> => {
    const [customer, foreign, productOnSale, inactive] = await Promise.all([
      arrangeCustomer(client, 'am1', { address: '上海市浦东新区 1 号' }),
      arrangeCustomer(client, 'am2', { address: '北京市 2 号' }),
      arrangeProduct(client, { stock: 10 }),
      arrangeProduct(client, { stock: 10 }),
    ]);
    const deactivated = await client.patch(`/v1/products/${inactive.id}`, { active: false }, { as: 'admin', headers: v1 });
    expect(deactivated.status).toBe(200);
    const placed = await client.post<{ id: string }>(`/v1/customers/${customer.id}/orders`, { lines: [{ productId: productOnSale.id, quantity: 2 }] }, { as: 'admin' });
    expect(placed.status, placed.text).toBe(201);
    return {
      customerId: customer.id,
      productId: productOnSale.id,
      inactiveProductId: inactive.id,
      orderId: placed.json.id,
      foreignCustomerId: foreign.id,
      marker: uniqueName('bad input product'),
    };
  };

  it.each(BAD_REQUESTS)('$method: $label → $status', async (bad) => {
    // Prepare
    const arranged = await arrange();

    // Act
    const body = bad.body?.(arranged);
    const response = await client.request(bad.method, bad.path(arranged), {
      as: bad.as ?? 'admin',
      ...(body !== undefined ? { body } : {}),
      ...(bad.headers ? { headers: bad.headers } : {}),
    });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = response.json as { type: string; title: string; status: number; detail: string; code: string; errors?: { path: string }[] };
    expect(problem).toMatchObject({ status: bad.status, type: expect.stringMatching(/^\/problems\//), title: expect.any(String), detail: expect.any(String) });
    if (bad.field) expect(problem.errors?.map((error) => error.path)).toContain(bad.field);
    if (bad.code) expect(problem.code).toBe(bad.code);
    await expectProductUntouched(client, arranged.productId, 8);
    await expectOrderUntouched(client, arranged.orderId);
    const listed = await client.get<{ items: unknown[] }>(`/v1/customers/${arranged.customerId}/orders`, { as: 'admin' });
    expect(listed.json.items).toHaveLength(1);
    const customer = await client.get<{ version: number; lifetimeValue: unknown }>(`/v1/customers/${arranged.customerId}`, { as: 'admin' });
    expect(customer.json).toMatchObject({ version: 1, lifetimeValue: cny(25_00) });
    const named = await client.get<{ items: unknown[] }>(`/v1/products?q=${encodeURIComponent(arranged.marker)}`, { as: 'admin' });
    expect(named.json.items).toEqual([]);
  });

  it('refuses a product code in use (409) and an order number in use (409), keeping the first', async () => {
    const code = uniqueCode('DUP');
    const first = await client.post('/v1/products', { code, name: uniqueName('first'), unit: 'pcs', unitPrice: cny(1) }, { as: 'admin' });
    const second = await client.post<{ code: string }>('/v1/products', { code, name: uniqueName('second'), unit: 'pcs', unitPrice: cny(2) }, { as: 'admin' });
    const arranged = await arrange();
    const orderNo = `SO-${Date.now().toString(36).toUpperCase()}`;
    const placed = await client.post(orders(arranged), { orderNo, lines: [line(arranged)] }, { as: 'admin' });
    const duplicate = await client.post<{ code: string }>(orders(arranged), { orderNo, lines: [line(arranged)] }, { as: 'admin' });

    expect([first.status, second.status, placed.status, duplicate.status]).toEqual([201, 409, 201, 409]);
    expect([second.json.code, duplicate.json.code]).toEqual(['ProductCodeTaken', 'OrderNoTaken']);
    await expectProductUntouched(client, arranged.productId, 7);
  });
});
