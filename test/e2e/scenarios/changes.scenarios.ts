import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import { arrangeCustomer, expectCustomerUntouched, type RouteScenario } from './route-scenario';

type Page = { items: { cursor: string; type: string; entity: string; id: string }[]; nextCursor: string; hasMore: boolean };

/**
 * The change feed in the generated authorization matrix. The shared suites run no stream consumer, so the feed may
 * hold nothing of this file's records: the scenario checks the answer's shape and that a page never holds a
 * change of a record type the caller's role may not read (users and webhooks for everyone but administrators).
 */
export const CHANGE_SCENARIOS = {
  listChanges: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const customer = await arrangeCustomer(client, owner);
      return {
        method: 'GET',
        path: '/v1/changes?limit=20',
        assertUnchanged: () => expectCustomerUntouched(client, customer.id, owner),
        assertSuccess: (response, caller) => {
          const page = response.json as Page;
          expect(typeof page.nextCursor).toBe('string');
          expect(typeof page.hasMore).toBe('boolean');
          for (const item of page.items) expect(typeof item.cursor).toBe('string');
          if (caller !== 'admin') expect(page.items.filter((item) => item.entity === 'user' || item.entity === 'webhook')).toEqual([]);
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
