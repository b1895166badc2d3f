import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { arrangeCustomer, type RouteScenario } from './route-scenario';

interface AuditList {
  items: { action: string; entityType: string; entityId: string; customerId?: string }[];
  nextCursor: string | null;
}

/**
 * How to exercise the audit read routes in the generated authorization matrix. Both act on one customer, so the
 * own-scope rule applies: an account manager reads the history of a customer they own, and gets 404 for another
 * owner's. Reads change nothing: `assertUnchanged` has nothing to check.
 */
export const AUDIT_SCENARIOS = {
  listAuditEntries: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'GET',
        path: `/v1/audit?entityType=customer&entityId=${customer.id}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const { items } = response.json as AuditList;
          expect(items.every((item) => item.entityType === 'customer' && item.entityId === customer.id)).toBe(true);
          expect(items.map((item) => item.action)).toContain('create');
        },
      };
    },
  },
  getCustomerHistory: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'GET',
        path: `/v1/customers/${customer.id}/history`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const { items } = response.json as AuditList;
          expect(items.every((item) => item.customerId === customer.id)).toBe(true);
          expect(items).toContainEqual(expect.objectContaining({ action: 'create', entityType: 'customer', entityId: customer.id }));
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
