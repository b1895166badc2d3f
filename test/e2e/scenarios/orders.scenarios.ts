import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { OTHER_ACCOUNT_MANAGER, USER_OF_ROLE } from './demo-users';
import { arrangeCustomer, uniqueName, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

export const cny = (amount: number) => ({ amount, currency: 'CNY' });

/** A unique upper-case product code. */
export const uniqueCode = (label = 'P'): string => `${label}-${randomUUID().slice(0, 8).toUpperCase()}`;

/** An active product with stock, created by the admin (the only role that writes products). */
export const arrangeProduct = async (client: Client, options: { stock?: number; price?: number; name?: string } = {}) => {
  const name = options.name ?? uniqueName('product');
  const response = await client.post<{ id: string; code: string }>(
    '/v1/products',
    { code: uniqueCode(), name, unit: 'pcs', unitPrice: cny(options.price ?? 12_50), stockOnHand: options.stock ?? 100 },
    { as: 'admin' },
  );
  expect(response.status, response.text).toBe(201);
  return { id: response.json.id, code: response.json.code, name };
};

/** A customer owned by `owner` (with an address, so orders need none) and an order of 2 units placed by the admin. */
export const arrangeOrder = async (client: Client, owner: string) => {
  const customer = await arrangeCustomer(client, owner, { address: '上海市浦东新区 1 号' });
  const product = await arrangeProduct(client);
  const response = await client.post<{ id: string; orderedAt: string; total: { amount: number } }>(
    `/v1/customers/${customer.id}/orders`,
    { lines: [{ productId: product.id, quantity: 2 }] },
    { as: 'admin' },
  );
  expect(response.status, response.text).toBe(201);
  return { customer, product, order: response.json };
};

/** The product is still at version 1 with the stock it was arranged with. */
export const expectProductUntouched = async (client: Client, productId: string, stock: number): Promise<void> => {
  const current = await client.get<{ version: number; stockOnHand: number }>(`/v1/products/${productId}`, { as: 'admin' });
  expect(current.status).toBe(200);
  expect(current.json).toMatchObject({ version: 1, stockOnHand: stock });
};

/** The order is still placed, unpaid, at version 1; its product's stock still reflects only this order. */
export const expectOrderUntouched = async (client: Client, orderId: string): Promise<void> => {
  const current = await client.get<{ version: number; status: string; paidAmount: { amount: number }; payments: unknown[] }>(
    `/v1/orders/${orderId}`,
    { as: 'admin' },
  );
  expect(current.status).toBe(200);
  expect(current.json).toMatchObject({ version: 1, status: 'placed', paidAmount: { amount: 0 }, payments: [] });
};

const orderRoute = (
  successStatus: number,
  build: (arranged: Awaited<ReturnType<typeof arrangeOrder>>) => { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): RouteScenario => ({
  target: 'record',
  successStatus,
  async arrange(client, owner) {
    const arranged = await arrangeOrder(client, owner);
    return {
      ...build(arranged),
      assertUnchanged: async () => {
        await expectOrderUntouched(client, arranged.order.id);
        await expectProductUntouched(client, arranged.product.id, 98);
      },
    };
  },
});

const productRoute = (
  successStatus: number,
  build: (product: { id: string; code: string; name: string }) => { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): RouteScenario => ({
  // Products have no owner: every role reads all of them, only the admin writes.
  target: 'collection',
  successStatus,
  async arrange(client) {
    const product = await arrangeProduct(client);
    return { ...build(product), assertUnchanged: () => expectProductUntouched(client, product.id, 100) };
  },
});

/** An order of 2 units (arrangeOrder) shipped and delivered by the admin: at version 3, returnable. */
export const arrangeDeliveredOrder = async (client: Client, owner: string) => {
  const arranged = await arrangeOrder(client, owner);
  for (const [status, version] of [['shipped', 1], ['delivered', 2]] as const) {
    const moved = await client.patch(`/v1/orders/${arranged.order.id}`, { status }, { as: 'admin', headers: { 'if-match': `"${version}"` } });
    expect(moved.status, moved.text).toBe(200);
  }
  return arranged;
};

/** The delivered order is still at version 3 with nothing credited, no return recorded, the stock still 98. */
const expectDeliveredOrderUntouched = async (client: Client, arranged: Awaited<ReturnType<typeof arrangeOrder>>): Promise<void> => {
  const current = await client.get<{ version: number; creditedAmount?: unknown; balance: { amount: number } }>(`/v1/orders/${arranged.order.id}`, { as: 'admin' });
  expect(current.status).toBe(200);
  expect(current.json).toMatchObject({ version: 3, balance: { amount: arranged.order.total.amount } });
  expect(current.json.creditedAmount).toBeUndefined();
  const returns = await client.get<{ items: unknown[] }>(`/v1/orders/${arranged.order.id}/returns`, { as: 'admin' });
  expect(returns.json.items).toEqual([]);
  await expectProductUntouched(client, arranged.product.id, 98);
};

const deliveredOrderRoute = (
  successStatus: number,
  build: (arranged: Awaited<ReturnType<typeof arrangeOrder>>) => { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): RouteScenario => ({
  target: 'record',
  successStatus,
  async arrange(client, owner) {
    const arranged = await arrangeDeliveredOrder(client, owner);
    return { ...build(arranged), assertUnchanged: () => expectDeliveredOrderUntouched(client, arranged) };
  },
});

/** How to exercise each route of the orders function in the generated authorization matrix. */
export const ORDER_SCENARIOS = {
  listProducts: {
    target: 'collection',
    successStatus: 200,
    async arrange(client) {
      const product = await arrangeProduct(client);
      return {
        method: 'GET',
        path: `/v1/products?q=${encodeURIComponent(product.name)}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { items: { id: string }[] }).items.map((item) => item.id)).toEqual([product.id]);
        },
      };
    },
  },
  createProduct: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      const name = uniqueName('new product');
      return {
        method: 'POST',
        path: '/v1/products',
        body: { code: uniqueCode(), name, unit: '台', unitPrice: cny(99_00), stockOnHand: 5 },
        assertUnchanged: async () => {
          const found = await client.get<{ items: unknown[] }>(`/v1/products?q=${encodeURIComponent(name)}`, { as: 'admin' });
          expect(found.json.items).toEqual([]);
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ name, stockOnHand: 5, active: true, version: 1 });
          expect(response.headers.get('location')).toMatch(/^\/v1\/products\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getProduct: productRoute(200, (product) => ({ method: 'GET', path: `/v1/products/${product.id}` })),
  updateProduct: productRoute(200, (product) => ({
    method: 'PATCH',
    path: `/v1/products/${product.id}`,
    body: { unitPrice: cny(13_00), location: 'A-01-02' },
    headers: { 'if-match': '"1"' },
  })),
  createStockAdjustment: productRoute(201, (product) => ({
    method: 'POST',
    path: `/v1/products/${product.id}/stock-adjustments`,
    body: { delta: 20, reason: 'goods received' },
  })),
  listCustomerOrders: orderRoute(200, ({ customer }) => ({ method: 'GET', path: `/v1/customers/${customer.id}/orders` })),
  createOrder: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner, { address: '北京市朝阳区 2 号' });
      const product = await arrangeProduct(client, { stock: 10 });
      return {
        method: 'POST',
        path: `/v1/customers/${customer.id}/orders`,
        body: { lines: [{ productId: product.id, quantity: 3, discount: cny(50) }] },
        assertUnchanged: async () => {
          await expectProductUntouched(client, product.id, 10);
          const orders = await client.get<{ items: unknown[] }>(`/v1/customers/${customer.id}/orders`, { as: 'admin' });
          expect(orders.json.items).toEqual([]);
          const read = await client.get<{ lifetimeValue?: unknown; lastOrderAt?: unknown; version: number }>(`/v1/customers/${customer.id}`, { as: 'admin' });
          expect(read.json.lifetimeValue).toBeUndefined();
          expect(read.json.lastOrderAt).toBeUndefined();
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ status: 'placed', total: cny(3 * 12_50 - 50), balance: cny(3 * 12_50 - 50), paymentStatus: 'unpaid' });
        },
      };
    },
  },
  getOrder: orderRoute(200, ({ order }) => ({ method: 'GET', path: `/v1/orders/${order.id}` })),
  // Managers and executives: the plain list (another owner's order in it). An account manager (`own`, arranged with
  // their own customer): the orders delta feed of their customers — the plain list answers them 403
  // (orders.sync.e2e.test.ts) — read with the clock 10 s on (fake Date) past the feed's settling window, restored after.
  listOrders: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { order } = await arrangeOrder(client, owner === USER_OF_ROLE['account-manager'] ? owner : 'am2');
      if (owner === USER_OF_ROLE['account-manager']) {
        const foreign = await arrangeOrder(client, OTHER_ACCOUNT_MANAGER);
        const since = new Date(new Date(order.orderedAt).getTime() - 1).toISOString();
        vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
        return {
          method: 'GET',
          path: `/v1/orders?updatedSince=${encodeURIComponent(since)}&limit=100`,
          assertUnchanged: async () => undefined,
          assertSuccess: async (response, caller) => {
            try {
              // Further pages, if other files' orders of this account manager filled the first.
              const ids: string[] = [];
              let page = response.json as { items: { id: string }[]; nextCursor: string | null };
              for (let read = 1; ; read += 1) {
                ids.push(...page.items.map((item) => item.id));
                if (!page.nextCursor || read >= 20) break;
                const more = await client.get<typeof page>(`/v1/orders?updatedSince=${encodeURIComponent(since)}&limit=100&cursor=${encodeURIComponent(page.nextCursor)}`, { as: caller });
                expect(more.status, more.text).toBe(200);
                page = more.json;
              }
              expect(ids).toContain(order.id);
              expect(ids).not.toContain(foreign.order.id);
            } finally {
              vi.useRealTimers();
            }
          },
        };
      }
      const to = new Date(new Date(order.orderedAt).getTime() + 1).toISOString();
      return {
        method: 'GET',
        path: `/v1/orders?status=placed&from=${encodeURIComponent(order.orderedAt)}&to=${encodeURIComponent(to)}&limit=100`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { items: { id: string }[] }).items.map((item) => item.id)).toContain(order.id);
        },
      };
    },
  },
  updateOrder: orderRoute(200, ({ order }) => ({
    method: 'PATCH',
    path: `/v1/orders/${order.id}`,
    body: { status: 'shipped' },
    headers: { 'if-match': '"1"' },
  })),
  createPayment: orderRoute(201, ({ order }) => ({
    method: 'POST',
    path: `/v1/orders/${order.id}/payments`,
    body: { amount: cny(10_00), method: 'bank-transfer', reference: 'e2e' },
  })),
  listOrderReturns: deliveredOrderRoute(200, ({ order }) => ({ method: 'GET', path: `/v1/orders/${order.id}/returns` })),
  createOrderReturn: deliveredOrderRoute(201, ({ order, product }) => ({
    method: 'POST',
    path: `/v1/orders/${order.id}/returns`,
    body: { lines: [{ productId: product.id, quantity: 1 }], restock: true, reason: 'e2e: damaged in transit' },
    headers: { 'if-match': '"3"' },
  })),
  // An order paid 10.00 by the admin (version 2); the refund pays 5.00 back.
  createOrderRefund: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { order } = await arrangeOrder(client, owner);
      const paid = await client.post(`/v1/orders/${order.id}/payments`, { amount: cny(10_00), method: 'bank-transfer' }, { as: 'admin' });
      expect(paid.status, paid.text).toBe(201);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/refunds`,
        body: { amount: cny(5_00), method: 'bank-transfer', reason: 'e2e: goodwill' },
        assertUnchanged: async () => {
          const current = await client.get<{ version: number; paidAmount: { amount: number }; payments: unknown[] }>(`/v1/orders/${order.id}`, { as: 'admin' });
          expect(current.json).toMatchObject({ version: 2, paidAmount: { amount: 10_00 } });
          expect(current.json.payments).toHaveLength(1);
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ paidAmount: cny(5_00), version: 3 });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
