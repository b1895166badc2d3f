import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';

type Client = ReturnType<typeof api>;
type FeedItem = { id: string; deleted?: true; reason?: string; customerId?: string; isPrimary?: boolean };
type FeedPage = { items: FeedItem[]; nextCursor: string | null; syncedUntil?: string };

const ROLES = ['admin', 'sales', 'exec', 'am1', 'am2'] as const;

/**
 * The contacts delta feed across customers (`GET /v1/contacts?updatedSince=`) through the gateway, per role: changes
 * and tombstones within each role's scope, paged with cursors, a transfer moving a customer's contacts from one
 * account manager's feed to the other's. The feed ends 5 s before the clock (its settling window): the reads run with
 * the clock moved 10 s on (fake Date). Other files write contacts meanwhile, so only this test's contacts are compared.
 */
describe('contacts delta feed end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  afterEach(() => vi.useRealTimers());

  const readFeed = async (as: string, since: string, ownerId?: string): Promise<{ items: FeedItem[]; syncedUntil: string | undefined; pages: number }> => {
    const items: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= 100; page += 1) {
      const response: { status: number; text: string; json: FeedPage } = await client.get<FeedPage>(
        `/v1/contacts?updatedSince=${encodeURIComponent(since)}&limit=50${ownerId ? `&ownerId=${ownerId}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as },
      );
      expect(response.status, response.text).toBe(200);
      items.push(...response.json.items);
      cursor = response.json.nextCursor;
      if (!cursor) return { items, syncedUntil: response.json.syncedUntil, pages: page };
    }
    throw new Error('the feed did not end');
  };

  it('answers each role the contacts it may see changed since, with the tombstones of those deleted or transferred away', async () => {
    // Prepare
    const since = new Date(Date.now() - 1_000).toISOString();
    const customer = async (ownerId: string) => {
      const response = await client.post<{ id: string }>('/v1/customers', { name: `Contact sync ${ownerId} ${Date.now()}`, level: 'ordinary', ownerId }, { as: 'admin' });
      expect(response.status, response.text).toBe(201);
      return response.json.id;
    };
    const contact = async (customerId: string, as: string, name: string) => {
      const response = await client.post<{ id: string }>(`/v1/customers/${customerId}/contacts`, { name, isPrimary: name === 'a1' }, { as });
      expect(response.status, response.text).toBe(201);
      return response.json.id;
    };
    const [ofAm1, ofAm2, movedAway] = [await customer('am1'), await customer('am2'), await customer('am1')];
    const a1 = await contact(ofAm1, 'am1', 'a1');
    const a2 = await contact(ofAm1, 'am1', 'a2');
    const b1 = await contact(ofAm2, 'am2', 'b1');
    const m1 = await contact(movedAway, 'am1', 'm1');
    const update = await client.patch(`/v1/customers/${ofAm1}/contacts/${a1}`, { position: 'CEO' }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const removal = await client.delete(`/v1/customers/${ofAm1}/contacts/${a2}`, { as: 'am1', headers: { 'if-match': '"1"' } });
    const transfer = await client.post(`/v1/customers/${movedAway}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: { 'if-match': '"1"' } });
    expect([update.status, removal.status, transfer.status]).toEqual([200, 204, 200]);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
    const names = new Map([[a1, 'a1'], [a2, 'a2'], [b1, 'b1'], [m1, 'm1']]);
    const ours = (items: FeedItem[]) =>
      items.filter((item) => names.has(item.id)).map((item) => `${names.get(item.id)}:${item.deleted ? `deleted/${item.reason}` : item.isPrimary ? 'primary' : 'live'}`);

    for (const as of ROLES) {
      // Act
      const feed = await readFeed(as, since);
      const next = await readFeed(as, feed.syncedUntil!);

      // Assess
      const expected =
        as === 'am1' ? ['a1:primary', 'a2:deleted/deleted', 'm1:deleted/transferred']
        : as === 'am2' ? ['b1:live', 'm1:live']
        : ['b1:live', 'm1:live', 'a1:primary', 'a2:deleted/deleted'];
      expect(ours(feed.items), as).toEqual(expected);
      expect(ours(next.items), as).toEqual([]);
    }
    // A manager's owner filter: am2's customers' contacts only; an account manager naming another owner: nothing.
    expect(ours((await readFeed('sales', since, 'am2')).items)).toEqual(['b1:live', 'm1:live']);
    expect(ours((await readFeed('am1', since, 'am2')).items)).toEqual([]);
  });

  it('refuses a bad instant, a cursor without updatedSince and updatedSince with a phone, naming the parameter', async () => {
    const rows = [
      { path: '/v1/contacts?updatedSince=yesterday', field: 'query.updatedSince' },
      { path: `/v1/contacts?updatedSince=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`, field: 'query.updatedSince' },
      { path: '/v1/contacts?phone=13800138000&cursor=abc', field: 'query.cursor' },
      { path: '/v1/contacts?phone=13800138000&ownerId=am2', field: 'query.ownerId' },
      { path: `/v1/contacts?updatedSince=${encodeURIComponent(new Date().toISOString())}&ownerId=${encodeURIComponent('a b#')}`, field: 'query.ownerId' },
      { path: `/v1/contacts?phone=13800138000&updatedSince=${encodeURIComponent(new Date().toISOString())}`, field: 'query.updatedSince' },
    ];
    for (const row of rows) {
      const response = await client.get<{ errors?: { path: string }[] }>(row.path, { as: 'am1' });
      expect(response.status, row.path).toBe(400);
      expect(response.json.errors?.map((error) => error.path), row.path).toContain(row.field);
    }
    const forged = await client.get(`/v1/contacts?updatedSince=${encodeURIComponent(new Date().toISOString())}&cursor=forged`, { as: 'am1' });
    expect(forged.status).toBe(400);
  });
});
