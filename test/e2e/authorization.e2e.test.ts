import { afterEach, describe, expect, it, vi } from 'vitest';
import { scopeOf } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';
import { ROUTES, routeKey } from '#shared/routes';
import { api, useTestGateway } from '#test/support/e2e';
import { OTHER_ACCOUNT_MANAGER, USER_OF_ROLE } from './scenarios/demo-users';
import { ROUTE_SCENARIOS } from './scenarios/route-scenarios';

/**
 * Every route × every role, generated from the route table and the permission table (docs/permissions.md):
 * - a role without the capability gets 403 and nothing changes;
 * - a role with `all` scope succeeds on a record owned by someone else;
 * - a role with `own` scope succeeds on its own record and gets 404 — nothing changed — on another owner's.
 */
describe('authorization matrix (generated)', () => {
  let client: ReturnType<typeof api>;
  useTestGateway((gateway) => (client = gateway.client));
  // A scenario may move the clock past a feed's settling window (fake Date); it never outlives its test.
  afterEach(() => vi.useRealTimers());

  it('has a scenario for every route of the table', () => {
    expect(ROUTES.filter((route) => !ROUTE_SCENARIOS[route.operationId]).map(routeKey)).toEqual([]);
  });

  for (const route of ROUTES) {
    const scenario = ROUTE_SCENARIOS[route.operationId];
    for (const role of ROLES) {
      const caller = USER_OF_ROLE[role];
      const scope = scopeOf(route.capability, role);
      const send = async (owner: string) => {
        const request = await scenario.arrange(client, owner);
        const response = await client.request(request.method, request.path, {
          as: caller,
          ...(request.body !== undefined ? { body: request.body } : {}),
          ...(request.headers ? { headers: request.headers } : {}),
        });
        return { request, response };
      };

      if (scope === 'none') {
        it(`${routeKey(route)} as ${role} → 403, nothing written`, async () => {
          const { request, response } = await send(caller === 'am1' ? 'am1' : OTHER_ACCOUNT_MANAGER);
          expect(response.status, response.text).toBe(403);
          expect(response.headers.get('content-type')).toContain('application/problem+json');
          await request.assertUnchanged();
        });
        continue;
      }

      const owner = scope === 'own' ? caller : OTHER_ACCOUNT_MANAGER;
      it(`${routeKey(route)} as ${role} (${scope}) → ${scenario.successStatus}`, async () => {
        const { request, response } = await send(owner);
        expect(response.status, response.text).toBe(scenario.successStatus);
        await request.assertSuccess?.(response, caller);
      });

      if (scope === 'own' && scenario.target === 'record') {
        it(`${routeKey(route)} as ${role} on another owner's record → 404, nothing written`, async () => {
          const { request, response } = await send(OTHER_ACCOUNT_MANAGER);
          expect(response.status, response.text).toBe(404);
          await request.assertUnchanged();
        });
      }
    }
  }
});
