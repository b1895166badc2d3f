import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
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
