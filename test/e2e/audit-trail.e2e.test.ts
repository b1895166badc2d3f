import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTRACTS } from '#functions/contracts';
import { scopeOf } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import { ROUTES, routeKey, type RouteDefinition } from '#shared/routes';
import { api, startTestGateway, type ApiResponse } from '#test/support/e2e';
import { OTHER_ACCOUNT_MANAGER, USER_OF_ROLE } from './scenarios/demo-users';
import { ROUTE_SCENARIOS, type ArrangedRequest } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
}
type EntryPage = { items: Entry[]; nextCursor: string | null };

/**
 * A user's own inbox and settings (marking a notification read, e-mail preferences): scope `own` for every role,
 * they change no business record and nobody else's data, so they are not audited (docs/data-model.md, the workbench).
 */
const PERSONAL = (route: RouteDefinition): boolean =>
  (['admin', 'sales-manager', 'account-manager', 'executive'] as Role[]).every((role) => scopeOf(route.capability, role) === 'own');

/** Every write route of the table: a new one without an audit entry fails here (issue 8). */
const WRITE_ROUTES = ROUTES.filter((route) => route.method !== 'GET' && !PERSONAL(route));

/**
 * The caller for a route: a role holding the capability with scope `all`. A manager rather than the administrator
 * when one qualifies, so the entry's actor is not the user that arranges every fixture.
 */
const callerFor = (route: RouteDefinition): string => {
  const preferred: Role[] = ['sales-manager', 'admin'];
  const role = preferred.find((candidate) => scopeOf(route.capability, candidate) === 'all');
  if (!role) throw new Error(`${routeKey(route)}: no role with scope all`);
  return USER_OF_ROLE[role];
};

/** The values of the `{…}` segments of the route's path, as the request filled them in. */
const pathIdsOf = (route: RouteDefinition, path: string): string[] => {
  const template = route.path.split('/');
  const actual = path.split('?')[0]!.split('/');
  return template.flatMap((segment, index) => (segment.startsWith('{') && actual[index] ? [decodeURIComponent(actual[index]!)] : []));
};

/** Records that exist once, so neither their path nor their answer carries an id: the id their entries name. */
const SINGLETON_IDS: Partial<Record<string, string>> = {
  replaceDunningLetterTemplate: 'current', // functions/dunning/letter-template.use-case.ts
};

/** What a record's id may be in an entry: a path id, or the `id` (or, for users, `username`) of the answer. */
const candidateIdsOf = (route: RouteDefinition, request: ArrangedRequest, response: ApiResponse): Set<string> => {
  const body = (response.json ?? {}) as { id?: unknown; username?: unknown; items?: unknown };
  // An answer that wraps its record (`POST /v1/imports` → `{ import: { id }, upload }`) names it one level down.
  const wrapped = Object.values(body).map((value) => (value && typeof value === 'object' ? (value as { id?: unknown }).id : undefined));
  // A bulk write answers each record it reached (`POST /v1/customers/bulk-update` → `{ items: [{ id, status }] }`).
  const items = Array.isArray(body.items) ? (body.items as { id?: unknown }[]).map((item) => item?.id) : [];
  const singleton = SINGLETON_IDS[route.operationId];
  return new Set([
    ...(singleton ? [singleton] : []),
    ...pathIdsOf(route, request.path),
    ...[body.id, body.username, ...wrapped, ...items].filter((value): value is string => typeof value === 'string'),
  ]);
};

/**
 * The caller's entries written at or after `since`, read through the API (actor view, newest first): paged until
 * the entries are older than `since`.
 */
const entriesBy = async (client: Client, actor: string, since: string): Promise<Entry[]> => {
  const found: Entry[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages += 1) {
    const query: URLSearchParams = new URLSearchParams({ actor, from: since.slice(0, 10), limit: '100', ...(cursor ? { cursor } : {}) });
    const response: ApiResponse<EntryPage> = await client.get<EntryPage>(`/v1/audit?${query}`, { as: 'admin' });
    expect(response.status, response.text).toBe(200);
    const recent = response.json.items.filter((entry) => entry.at >= since);
    found.push(...recent);
    cursor = response.json.nextCursor;
    if (!cursor || recent.length < response.json.items.length) return found;
  }
  throw new Error(`more than 50 pages of entries by ${actor} since ${since}`);
};

const send = (client: Client, caller: string, request: ArrangedRequest, headers: Record<string, string> = {}) =>
  client.request(request.method, request.path, {
    as: caller,
    ...(request.body !== undefined ? { body: request.body } : {}),
    headers: { ...request.headers, ...headers },
  });

describe('audit trail: every write route leaves an entry (generated from the route table)', () => {
  let client: Client;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
  });
  afterAll(() => stop());

  it('has write routes and a scenario for each', () => {
    expect(WRITE_ROUTES.length).toBeGreaterThan(0);
    expect(WRITE_ROUTES.filter((route) => !ROUTE_SCENARIOS[route.operationId]).map(routeKey)).toEqual([]);
  });

  for (const route of WRITE_ROUTES) {
    const scenario = ROUTE_SCENARIOS[route.operationId];
    const caller = callerFor(route);

    it(`${routeKey(route)} as ${caller} → an entry by ${caller} for the record, written during the request`, async () => {
      // Prepare
      const request = await scenario.arrange(client, OTHER_ACCOUNT_MANAGER);
      const requestedAt = new Date().toISOString();

      // Act
      const response = await send(client, caller, request);

      // Assess
      expect(response.status, response.text).toBe(scenario.successStatus);
      const ids = candidateIdsOf(route, request, response);
      const entries = (await entriesBy(client, caller, requestedAt)).filter((entry) => ids.has(entry.entityId));
      expect(entries, `no audit entry by ${caller} for any of ${[...ids].join(', ')}`).not.toEqual([]);
      for (const entry of entries) {
        expect(entry.actor).toBe(caller);
        expect(entry.at >= requestedAt).toBe(true);
        expect(entry.action).toEqual(expect.any(String));
        expect(entry.entityType).toEqual(expect.any(String));
      }
    });

    // A refused write leaves nothing: the entry shares the change's transaction. Every change of an existing record
    // takes If-Match (docs/api.md), so each such route is refused here with a stale one — except a bulk write, whose
    // conditions are its items' versions in the body (`conditionsInBody`; its stale item: bulk-update.e2e.test.ts).
    if ((route.kind === 'update' || route.kind === 'delete' || route.kind === 'action') && !CONTRACTS[route.operationId].conditionsInBody) {
      it(`${routeKey(route)} with a stale If-Match → 412, and no entry`, async () => {
        // Prepare
        const request = await scenario.arrange(client, OTHER_ACCOUNT_MANAGER);
        const requestedAt = new Date().toISOString();

        // Act
        const response = await send(client, caller, request, { 'if-match': '"999"' });

        // Assess
        expect(response.status, response.text).toBe(412);
        const ids = new Set(pathIdsOf(route, request.path));
        const entries = (await entriesBy(client, caller, requestedAt)).filter((entry) => ids.has(entry.entityId));
        expect(entries).toEqual([]);
        await request.assertUnchanged();
      });
    }
  }
});
