import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { arrangeCustomer, expectCustomerUntouched, type RouteScenario } from './route-scenario';

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
} satisfies Partial<Record<OperationId, RouteScenario>>;
