import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { arrangeCustomer, expectCustomerUntouched, uniqueName, type RouteScenario } from './route-scenario';

const customerRecordRoute = (
  successStatus: number,
  build: (customer: { id: string; name: string }, owner: string) => { method: string; path: string; body?: unknown; headers?: Record<string, string> },
): RouteScenario => ({
  target: 'record',
  successStatus,
  async arrange(client, owner) {
    const customer = await arrangeCustomer(client, owner);
    return { ...build(customer, owner), assertUnchanged: () => expectCustomerUntouched(client, customer.id, owner) };
  },
});

/** How to exercise each customers route in the generated authorization matrix. */
export const CUSTOMER_SCENARIOS = {
  listCustomers: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const marker = `E2E list ${randomUUID()}`;
      for (const ownerId of [owner, owner === 'am2' ? 'am1' : 'am2']) {
        const created = await client.post('/v1/customers', { name: `${marker} ${ownerId}`, ownerId }, { as: 'admin' });
        expect(created.status, created.text).toBe(201);
      }
      return {
        method: 'GET',
        path: `/v1/customers?q=${encodeURIComponent(marker)}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: { ownerId: string }[] }).items;
          if (caller === 'am1' || caller === 'am2') {
            expect(items.length).toBeGreaterThan(0);
            expect(items.every((item) => item.ownerId === caller)).toBe(true);
          } else {
            expect(items).toHaveLength(2);
          }
        },
      };
    },
  },
  createCustomer: {
    target: 'collection',
    successStatus: 201,
    async arrange(client) {
      const name = uniqueName('create');
      return {
        method: 'POST',
        path: '/v1/customers',
        body: { name, level: 'key-prospect', region: 'east-china' },
        assertUnchanged: async () => {
          const found = await client.get<{ items: unknown[] }>(`/v1/customers?q=${encodeURIComponent(name)}`, { as: 'admin' });
          expect(found.json.items).toEqual([]);
        },
        assertSuccess: (response, caller) => {
          expect((response.json as { ownerId: string }).ownerId).toBe(caller);
          expect(response.headers.get('location')).toMatch(/^\/v1\/customers\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getCustomer: customerRecordRoute(200, (customer) => ({ method: 'GET', path: `/v1/customers/${customer.id}` })),
  updateCustomer: customerRecordRoute(200, (customer) => ({
    method: 'PATCH',
    path: `/v1/customers/${customer.id}`,
    body: { credit: 3, tags: ['e2e'] },
    headers: { 'if-match': '"1"' },
  })),
  deleteCustomer: customerRecordRoute(204, (customer) => ({
    method: 'DELETE',
    path: `/v1/customers/${customer.id}`,
    headers: { 'if-match': '"1"' },
  })),
  transferCustomer: customerRecordRoute(200, (customer, owner) => ({
    method: 'POST',
    path: `/v1/customers/${customer.id}/transfer`,
    body: { ownerId: owner === 'am2' ? 'am1' : 'am2', reason: 'e2e' },
    headers: { 'if-match': '"1"' },
  })),
} satisfies Partial<Record<OperationId, RouteScenario>>;
