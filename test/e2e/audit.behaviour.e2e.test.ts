import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, startTestGateway, type ApiResponse } from '#test/support/e2e';
import { arrangeCustomer, uniqueName } from './scenarios/route-scenarios';

type Client = ReturnType<typeof api>;
interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  customerId?: string;
  changes: { field: string; old?: unknown; new?: unknown }[];
}
type Page = { items: Entry[]; nextCursor: string | null };

const ENTRY_FIELDS = ['id', 'at', 'actor', 'action', 'entityType', 'entityId', 'customerId', 'entityVersion', 'changes', 'note'];
const newestFirst = (items: Entry[]) => [...items].sort((a, b) => (`${a.at}#${a.id}` < `${b.at}#${b.id}` ? 1 : -1));

/** The audit read routes through the gateway, for every role (issue 8). The api() client also checks each body against docs/openapi.json. */
describe('audit history end to end', () => {
  let client: Client;
  let stop: () => Promise<void>;
  let customerId: string;
  let contactId: string;
  let othersCustomerId: string;
  let renamedTo: string;

  const allPages = async (path: string, as: string, limit: number): Promise<Entry[]> => {
    const items: Entry[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const response: ApiResponse<Page> = await client.get<Page>(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { as });
      expect(response.status, response.text).toBe(200);
      items.push(...response.json.items);
      cursor = response.json.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('paging does not end');
  };

  beforeAll(async () => {
    const gateway = await startTestGateway();
    client = api(gateway.baseUrl);
    stop = gateway.stop;
    // A customer of am1 with a history: created by the admin, renamed and given a contact by am1, edited again.
    customerId = (await arrangeCustomer(client, 'am1')).id;
    renamedTo = uniqueName('renamed');
    expect((await client.patch(`/v1/customers/${customerId}`, { name: renamedTo }, { as: 'am1', headers: { 'if-match': '"1"' } })).status).toBe(200);
    const contact = await client.post<{ id: string }>(`/v1/customers/${customerId}/contacts`, { name: '王芳' }, { as: 'am1' });
    expect(contact.status, contact.text).toBe(201);
    contactId = contact.json.id;
    expect((await client.patch(`/v1/customers/${customerId}`, { credit: 4 }, { as: 'am1', headers: { 'if-match': '"2"' } })).status).toBe(200);
    othersCustomerId = (await arrangeCustomer(client, 'am2')).id;
  });
  afterAll(() => stop());

  describe('GET /v1/customers/{id}/history', () => {
    it.each(['admin', 'sales', 'exec', 'am1'])('shows %s the customer’s and its records’ entries, newest first, with old and new values', async (as) => {
      // Act
      const response = await client.get<Page>(`/v1/customers/${customerId}/history`, { as });

      // Assess
      expect(response.status, response.text).toBe(200);
      const { items } = response.json;
      expect(items).toEqual(newestFirst(items));
      expect(items.every((entry) => entry.customerId === customerId)).toBe(true);
      expect(items.map((entry) => [entry.entityType, entry.action, entry.actor])).toEqual([
        ['customer', 'update', 'am1'],
        ['contact', 'create', 'am1'],
        ['customer', 'update', 'am1'],
        ['customer', 'create', 'admin'],
      ]);
      expect(items[2]!.changes).toContainEqual(expect.objectContaining({ field: 'name', new: renamedTo, old: expect.any(String) }));
      expect(items[0]!.changes).toEqual([{ field: 'credit', new: 4 }]);
      for (const entry of items) expect(Object.keys(entry).every((key) => ENTRY_FIELDS.includes(key))).toBe(true);
    });

    it('answers 404 to an account manager for another owner’s customer, and to anyone for a missing one', async () => {
      // Act
      const others = await client.get(`/v1/customers/${othersCustomerId}/history`, { as: 'am1' });
      const ownForAm2 = await client.get(`/v1/customers/${customerId}/history`, { as: 'am2' });
      const missing = await client.get('/v1/customers/01ARZ3NDEKTSV4RRFFQ69G5FAV/history', { as: 'admin' });

      // Assess
      for (const response of [others, ownForAm2, missing]) {
        expect(response.status, response.text).toBe(404);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('pages through the whole history with the cursor, without a gap or a repeat', async () => {
      // Act
      const paged = await allPages(`/v1/customers/${customerId}/history`, 'am1', 1);
      const whole = await allPages(`/v1/customers/${customerId}/history`, 'am1', 100);

      // Assess
      expect(paged).toHaveLength(4);
      expect(paged).toEqual(whole);
    });

    it('narrows to UTC days with from / to', async () => {
      // Act
      const today = new Date().toISOString().slice(0, 10);
      const before = await client.get<Page>(`/v1/customers/${customerId}/history?to=2000-01-01`, { as: 'admin' });
      const now = await client.get<Page>(`/v1/customers/${customerId}/history?from=${today}&to=${today}`, { as: 'admin' });

      // Assess (run just before midnight UTC, the fixture may straddle two days: `now` then holds the later part)
      expect(before.json.items).toEqual([]);
      expect(now.json.items.length).toBeGreaterThan(0);
    });
  });

  describe('GET /v1/audit', () => {
    it("gives an account manager one record's history under a customer they own, and 404 under another's", async () => {
      // Act
      const own = await client.get<Page>(`/v1/audit?entityType=contact&entityId=${contactId}`, { as: 'am1' });
      const notOwn = await client.get(`/v1/audit?entityType=contact&entityId=${contactId}`, { as: 'am2' });
      const othersCustomer = await client.get(`/v1/audit?entityType=customer&entityId=${othersCustomerId}`, { as: 'am1' });

      // Assess
      expect(own.status, own.text).toBe(200);
      expect(own.json.items.map((entry) => [entry.entityType, entry.entityId, entry.action])).toEqual([['contact', contactId, 'create']]);
      expect(notOwn.status).toBe(404);
      expect(othersCustomer.status).toBe(404);
    });

    it('refuses account managers the actor and day views (403); managers and executives get them', async () => {
      // Act
      const amActor = await client.get('/v1/audit?actor=am1', { as: 'am1' });
      const amDays = await client.get('/v1/audit', { as: 'am1' });
      const byActor = await client.get<Page>('/v1/audit?actor=am1&limit=100', { as: 'sales' });
      const byDay = await client.get<Page>('/v1/audit?limit=100', { as: 'exec' });

      // Assess
      expect(amActor.status).toBe(403);
      expect(amDays.status).toBe(403);
      expect(byActor.status, byActor.text).toBe(200);
      expect(byActor.json.items.every((entry) => entry.actor === 'am1')).toBe(true);
      expect(byActor.json.items.map((entry) => entry.entityId)).toContain(contactId);
      expect(byDay.status, byDay.text).toBe(200);
      expect(byDay.json.items.length).toBeGreaterThan(0);
      expect(byDay.json.items).toEqual(newestFirst(byDay.json.items));
    });

    it.each([
      ['entityType without entityId', '?entityType=customer'],
      ['entityId and actor together', `?entityType=customer&entityId=01ARZ3NDEKTSV4RRFFQ69G5FAV&actor=am1`],
      ['an unknown entity type', '?entityType=planet&entityId=X1'],
      ['from after to', '?from=2026-02-01&to=2026-01-01'],
      ['a range over a year', '?from=2024-01-01&to=2026-01-01'],
      ['an unknown parameter', '?owner=am1'],
      ['a forged cursor', '?cursor=abc.def'],
      ['a limit over 100', '?limit=101'],
    ])('answers 400 to %s', async (_label, query) => {
      // Act
      const response = await client.get(`/v1/audit${query}`, { as: 'admin' });

      // Assess
      expect(response.status, response.text).toBe(400);
    });

    it('has no route that changes an entry', async () => {
      // Act
      const responses = await Promise.all(
        ['PATCH', 'PUT', 'DELETE', 'POST'].map((method) => client.request(method, '/v1/audit', { as: 'admin', body: {} })),
      );

      // Assess: the gateway knows no such route
      for (const response of responses) expect([404, 405]).toContain(response.status);
    });
  });
});
