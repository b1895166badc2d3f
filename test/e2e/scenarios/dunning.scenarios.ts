import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeCustomer, type RouteScenario } from './route-scenario';
import { arrangeProduct } from './orders.scenarios';

type Client = ReturnType<typeof api>;

/**
 * An order of a customer owned by `owner`, placed by the admin on 2000-01-01 with net 0 days: overdue since then, so
 * it sorts at the very start of the overdue list.
 */
export const arrangeOverdueOrder = async (client: Client, owner: string) => {
  const customer = await arrangeCustomer(client, owner, { address: '广州市天河区 3 号' });
  const product = await arrangeProduct(client);
  const response = await client.post<{ id: string; version: number; dueAt: string }>(
    `/v1/customers/${customer.id}/orders`,
    { orderedAt: '2000-01-01', paymentTermsDays: 0, lines: [{ productId: product.id, quantity: 2 }] },
    { as: 'admin' },
  );
  expect(response.status, response.text).toBe(201);
  return { customer, order: response.json };
};

const notesOf = async (client: Client, orderId: string) =>
  (await client.get<{ items: unknown[] }>(`/v1/orders/${orderId}/dunning-notes`, { as: 'admin' })).json.items;

/** How to exercise each route of the dunning function in the generated authorization matrix. */
export const DUNNING_SCENARIOS = {
  listDunning: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return {
        method: 'GET',
        path: '/v1/dunning?limit=100',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const items = (response.json as { items: { orderId: string; daysOverdue: number; bucket: string }[] }).items;
          expect(items.find((item) => item.orderId === order.id)).toMatchObject({ bucket: 'overdueOver90' });
        },
      };
    },
  },
  listDunningNotes: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return { method: 'GET', path: `/v1/orders/${order.id}/dunning-notes`, assertUnchanged: async () => undefined };
    },
  },
  createDunningNote: {
    target: 'record',
    successStatus: 201,
    async arrange(client, owner) {
      const { order } = await arrangeOverdueOrder(client, owner);
      return {
        method: 'POST',
        path: `/v1/orders/${order.id}/dunning-notes`,
        body: { method: 'phone', note: '客户答应下周付款', promisedPayAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
        assertUnchanged: async () => {
          expect(await notesOf(client, order.id)).toEqual([]);
          const current = await client.get<{ version: number }>(`/v1/orders/${order.id}`, { as: 'admin' });
          expect(current.json.version).toBe(1);
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
