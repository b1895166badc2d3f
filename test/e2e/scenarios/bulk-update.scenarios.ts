import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import { arrangeCustomer, expectCustomerUntouched, type RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;

/**
 * A customer of `owner` with a tag of its own, and the filter that selects exactly it (its owner and its tag): a job
 * over it never reaches another file's customers. The test run does not run job steps by itself
 * (`BULK_UPDATE_JOB_STEPS=manual`): a job started here stays queued unless its test runs it.
 */
export const arrangeBulkSelection = async (client: Client, owner: string) => {
  const tag = `bulk-${randomUUID().slice(0, 12)}`;
  const customer = await arrangeCustomer(client, owner, { tags: [tag] });
  return { customer, tag, filter: { ownerId: owner, tags: tag } };
};

/** A bulk-update job started by the admin over a fresh selection: its id. */
export const arrangeBulkJob = async (client: Client, owner: string) => {
  const { filter } = await arrangeBulkSelection(client, owner);
  const response = await client.post<{ id: string }>('/v1/customers/bulk-updates', { filter, changes: { level: 'major' } }, { as: 'admin' });
  expect(response.status, response.text).toBe(202);
  return response.json.id;
};

/**
 * How to exercise the bulk edit in the generated matrix: one customer of `owner` (level `ordinary`) moved to level
 * `major`. `collection`: an account manager's selection is narrowed to their own customers (another's answers 404 in
 * its item, inside the 200 — test/e2e/bulk-update.e2e.test.ts), never refused as a whole.
 */
export const BULK_UPDATE_SCENARIOS = {
  bulkUpdateCustomers: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'POST',
        path: '/v1/customers/bulk-update',
        body: { ids: [customer.id], changes: { level: 'major' } },
        assertUnchanged: () => expectCustomerUntouched(client, customer.id, owner),
        assertSuccess: async (response) => {
          expect(response.json).toMatchObject({ items: [{ id: customer.id, status: 200, version: 2 }], summary: { updated: 1, unchanged: 0, failed: 0 } });
          const after = await client.get<{ level: string; version: number }>(`/v1/customers/${customer.id}`, { as: 'admin' });
          expect(after.json).toMatchObject({ level: 'major', version: 2 });
        },
      };
    },
  },
  createBulkUpdateJob: {
    target: 'collection',
    successStatus: 202,
    async arrange(client, owner) {
      const { customer, filter } = await arrangeBulkSelection(client, owner);
      return {
        method: 'POST',
        path: '/v1/customers/bulk-updates',
        body: { filter, changes: { level: 'major' } },
        assertUnchanged: () => expectCustomerUntouched(client, customer.id, owner),
        assertSuccess: async (response) => {
          expect(response.json).toMatchObject({ status: 'queued', filter: { ...filter, tags: [filter.tags] }, changes: { level: 'major' }, progress: { matched: 0 } });
          const job = await client.get(`/v1/customers/bulk-updates/${(response.json as { id: string }).id}`, { as: 'admin' });
          expect(job.status).toBe(200);
        },
      };
    },
  },
  getBulkUpdateJob: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const jobId = await arrangeBulkJob(client, owner);
      return {
        method: 'GET',
        path: `/v1/customers/bulk-updates/${jobId}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => expect(response.json).toMatchObject({ id: jobId, status: 'queued' }),
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
