import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { ApiResponse, api } from '#test/support/e2e';

type Client = ReturnType<typeof api>;

export interface ArrangedRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Asserts that a refused request left the data exactly as arranged. */
  readonly assertUnchanged: () => Promise<void>;
  /** Further checks on a successful answer (e.g. a scoped list holds only the caller's records). */
  readonly assertSuccess?: (response: ApiResponse, caller: string) => Promise<void> | void;
}

export interface RouteScenario {
  /**
   * `record`: the route acts on one record, so the own-scope rule applies to it (another owner's → 404).
   * `collection`: the route lists or creates; own scope narrows it but does not refuse it.
   */
  readonly target: 'record' | 'collection';
  readonly successStatus: number;
  /** Builds the fixture (a record owned by `owner`) and the request that exercises the route. */
  arrange(client: Client, owner: string): Promise<ArrangedRequest>;
}

export const uniqueName = (label: string): string => `E2E ${label} ${randomUUID()}`;

/** A customer owned by `owner`, created by the admin through the API. */
export const arrangeCustomer = async (client: Client, owner: string, extra: Record<string, unknown> = {}) => {
  const name = uniqueName('customer');
  const response = await client.post<{ id: string; version: number }>('/v1/customers', { name, ownerId: owner, ...extra }, { as: 'admin' });
  expect(response.status, response.text).toBe(201);
  return { id: response.json.id, name };
};

/** The record is still there at version 1 and not archived. */
export const expectCustomerUntouched = async (client: Client, customerId: string, ownerId?: string): Promise<void> => {
  const current = await client.get<{ version: number; ownerId: string }>(`/v1/customers/${customerId}`, { as: 'admin' });
  expect(current.status).toBe(200);
  expect(current.json.version).toBe(1);
  if (ownerId) expect(current.json.ownerId).toBe(ownerId);
};

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

/**
 * How to exercise every route of the table. Typed by the route table: a new route without a scenario does
 * not compile, and test/e2e/authorization.e2e.test.ts also checks it at run time.
 */
export const ROUTE_SCENARIOS: Record<OperationId, RouteScenario> = {
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
};
