import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { scopeOf } from '#shared/auth/permissions';
import { ROLES } from '#shared/auth/roles';
import { PORTAL_ROUTES, ROUTES, routeKey } from '#shared/routes';
import { api, useTestGateway } from '#test/support/e2e';
import { OTHER_ACCOUNT_MANAGER, USER_OF_ROLE } from './scenarios/demo-users';
import { arrangePortalCaller, PORTAL_ROUTE_SCENARIOS, type PortalCaller } from './scenarios/portal-routes.scenarios';
import { ROUTE_SCENARIOS, type ArrangedRequest } from './scenarios/route-scenarios';

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

/**
 * The customer portal's routes (PORTAL_ROUTES, issue 21) in the same matrix, generated from the portal route table and
 * test/e2e/scenarios/portal-routes.scenarios.ts, with real tokens of the SECOND pool:
 * - a portal token on every staff route → 401 (the staff authorizer), and every staff role's token and no token on
 *   every portal route → 401, nothing written;
 * - a portal user on their own company's record or collection → the route's success;
 * - a portal user of another customer: on a record of this company → 404, nothing written; on a collection route → their
 *   own company only, never one id of this one.
 */
describe('authorization matrix: the portal routes (generated)', () => {
  let client: ReturnType<typeof api>;
  useTestGateway((gateway) => (client = gateway.client));
  let mine: PortalCaller;
  let other: PortalCaller;
  beforeAll(async () => {
    [mine, other] = await Promise.all([arrangePortalCaller(client, 'am1'), arrangePortalCaller(client, 'am2')]);
  });

  const send = (request: ArrangedRequest, credentials: { as?: string; token?: string }) =>
    client.request(request.method, request.path, {
      ...credentials,
      ...(request.body !== undefined ? { body: request.body } : {}),
      ...(request.headers ? { headers: request.headers } : {}),
    });

  it('has a scenario for every portal route', () => {
    expect(PORTAL_ROUTES.filter((route) => !PORTAL_ROUTE_SCENARIOS[route.operationId]).map(routeKey)).toEqual([]);
  });

  it.each(ROUTES.map((route) => [routeKey(route), route] as const))('%s with a portal token → 401', async (_key, route) => {
    const response = await client.request(route.method, route.path.replace(/\{[^}]+\}/g, '01JNW8Y3C5K7Q2V9R4T6M8P0XA'), {
      token: mine.token,
      headers: { 'if-match': '"1"' },
      ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
    });
    expect(response.status, response.text).toBe(401);
  });

  for (const route of PORTAL_ROUTES) {
    const scenario = PORTAL_ROUTE_SCENARIOS[route.operationId];

    it(`${routeKey(route)} with every staff role's token, or none → 401, nothing written`, async () => {
      const request = await scenario.arrange(client, mine);
      const statuses: number[] = [];
      for (const role of ROLES) statuses.push((await send(request, { as: USER_OF_ROLE[role] })).status);
      statuses.push((await send(request, {})).status);
      expect(statuses).toEqual([...ROLES.map(() => 401), 401]);
      await request.assertUnchanged();
    });

    it(`${routeKey(route)} as the company's portal user → ${scenario.successStatus}`, async () => {
      const request = await scenario.arrange(client, mine);
      const response = await send(request, { token: mine.token });
      expect(response.status, response.text).toBe(scenario.successStatus);
      await request.assertSuccess?.(response, mine.user.id);
    });

    it(
      scenario.target === 'record'
        ? `${routeKey(route)} as another customer's portal user → 404, nothing written`
        : `${routeKey(route)} as another customer's portal user → their own company only, nothing of this one`,
      async () => {
        const request = await scenario.arrange(client, mine);
        const response = await send(request, { token: other.token });
        if (scenario.target === 'record') expect(response.status, response.text).toBe(404);
        else expect(response.status, response.text).toBeLessThan(500);
        // Nothing of this company, beyond the id the caller sent itself (a 404 names what was asked for).
        for (const id of request.ownIds.filter((own) => !request.path.includes(own))) expect(response.text).not.toContain(id);
        await request.assertUnchanged();
      },
    );
  }
});
