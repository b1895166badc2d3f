import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';

type Client = ReturnType<typeof api>;
type FeedItem = { id: string; deleted?: true; reason?: string; deletedAt?: string; ownerId?: string; version?: number };
type FeedPage = { items: FeedItem[]; nextCursor: string | null; syncedUntil?: string };

const ROLES = ['admin', 'sales', 'exec', 'am1', 'am2'] as const;

/**
 * The customers' delta feed (`GET /v1/customers?updatedSince=`) through the gateway, per role: changes and
 * tombstones within each role's scope, `syncedUntil` as the next sync point (its 400s are rows of customers.bad-input.e2e.test.ts). The
 * feed ends 5 s before the clock (its settling window): the reads run with the clock moved 10 s on (fake Date).
 * Other files write customers meanwhile, so only this test's customers are compared.
 */
describe('customer delta feed end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  afterEach(() => vi.useRealTimers());

  const readFeed = async (as: string, since: string): Promise<{ items: FeedItem[]; syncedUntil: string | undefined }> => {
    const items: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const response: { status: number; text: string; json: FeedPage } = await client.get<FeedPage>(
        `/v1/customers?updatedSince=${encodeURIComponent(since)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as },
      );
      expect(response.status, response.text).toBe(200);
      items.push(...response.json.items);
      cursor = response.json.nextCursor;
      if (!cursor) return { items, syncedUntil: response.json.syncedUntil };
    }
    throw new Error('the feed did not end');
  };

  it('answers each role its changes and the tombstones of what it no longer sees', async () => {
    // Prepare
    const since = new Date(Date.now() - 1_000).toISOString();
    const make = async (ownerId: string) => {
      const response = await client.post<FeedItem>('/v1/customers', { name: `Sync ${ownerId} ${Date.now()}`, level: 'ordinary', ownerId }, { as: 'admin' });
      expect(response.status, response.text).toBe(201);
      return response.json.id;
    };
    const [moved, kept, archived] = [await make('am1'), await make('am2'), await make('am1')];
    const transfer = await client.post(`/v1/customers/${moved}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: { 'if-match': '"1"' } });
    const remove = await client.delete(`/v1/customers/${archived}`, { as: 'am1', headers: { 'if-match': '"1"' } });
    expect([transfer.status, remove.status]).toEqual([200, 204]);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
    const ours = (items: FeedItem[]) =>
      items
        .filter((item) => [moved, kept, archived].includes(item.id))
        .map((item) => `${item.id === moved ? 'moved' : item.id === kept ? 'kept' : 'archived'}:${item.deleted ? `deleted/${item.reason}` : item.ownerId}`);

    for (const as of ROLES) {
      // Act
      const feed = await readFeed(as, since);
      const next = await readFeed(as, feed.syncedUntil!);

      // Assess
      const expected =
        as === 'am1' ? ['moved:deleted/transferred', 'archived:deleted/archived']
        : as === 'am2' ? ['kept:am2', 'moved:am2']
        : ['kept:am2', 'moved:am2', 'archived:deleted/archived'];
      expect(ours(feed.items), as).toEqual(expected);
      expect(feed.syncedUntil, as).toBeDefined();
      expect(ours(next.items), as).toEqual([]);
    }
  });

  it('answers a customer’s contacts changed and deleted since, and 404 to an account manager who may not see it', async () => {
    // Prepare
    const since = new Date(Date.now() - 1_000).toISOString();
    const made = await client.post<FeedItem>('/v1/customers', { name: `Sync contacts ${Date.now()}`, level: 'ordinary', ownerId: 'am1' }, { as: 'admin' });
    const customerId = made.json.id;
    const add = async (name: string) => (await client.post<FeedItem>(`/v1/customers/${customerId}/contacts`, { name }, { as: 'am1' })).json.id;
    const [kept, removed] = [await add('Kept'), await add('Removed')];
    const deletion = await client.delete(`/v1/customers/${customerId}/contacts/${removed}`, { as: 'am1', headers: { 'if-match': '"1"' } });
    expect(deletion.status).toBe(204);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });

    // Act
    const feeds = await Promise.all(
      (['am1', 'sales', 'exec'] as const).map((as) => client.get<FeedPage>(`/v1/customers/${customerId}/contacts?updatedSince=${encodeURIComponent(since)}`, { as })),
    );
    const other = await client.get(`/v1/customers/${customerId}/contacts?updatedSince=${encodeURIComponent(since)}`, { as: 'am2' });

    // Assess
    for (const feed of feeds) {
      expect(feed.status, feed.text).toBe(200);
      expect(feed.json.items.map((item) => (item.deleted ? `-${item.id}:${item.reason}` : item.id)).sort()).toEqual([kept, `-${removed}:deleted`].sort());
      expect(feed.json).toMatchObject({ nextCursor: null, syncedUntil: expect.any(String) });
    }
    expect(other.status).toBe(404);
  });

  it('answers a customer’s orders placed, moved or paid since (404 to an account manager who may not see it), and all orders’ feed scoped per role', async () => {
    // Prepare
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    const product = await client.post<FeedItem>(
      '/v1/products',
      { code: `SYNC-${Date.now().toString(36).toUpperCase()}`, name: `Sync ${Date.now()}`, unit: 'pcs', unitPrice: cny(10_00), stockOnHand: 10 },
      { as: 'admin' },
    );
    const made = await client.post<FeedItem>('/v1/customers', { name: `Sync orders ${Date.now()}`, level: 'ordinary', ownerId: 'am1', address: '上海市浦东新区 1 号' }, { as: 'admin' });
    const customerId = made.json.id;
    const place = async () => {
      const placed = await client.post<FeedItem>(`/v1/customers/${customerId}/orders`, { lines: [{ productId: product.json.id, quantity: 1 }] }, { as: 'am1' });
      expect(placed.status, placed.text).toBe(201);
      return placed.json.id;
    };
    const old = await place();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    const since = new Date().toISOString();
    const fresh = await place();
    const paid = await client.post(`/v1/orders/${old}/payments`, { amount: cny(5_00), method: 'alipay' }, { as: 'am1' });
    expect(paid.status, paid.text).toBe(201);
    vi.setSystemTime(Date.now() + 10_000);

    // Act
    const feeds = await Promise.all(
      (['am1', 'sales', 'exec', 'admin'] as const).map((as) => client.get<FeedPage>(`/v1/customers/${customerId}/orders?updatedSince=${encodeURIComponent(since)}`, { as })),
    );
    const other = await client.get(`/v1/customers/${customerId}/orders?updatedSince=${encodeURIComponent(since)}`, { as: 'am2' });
    // The feed of all orders for the roles that list all orders; an account manager's feed holds their customers' only.
    const allOrders = await Promise.all(
      (['sales', 'exec', 'admin'] as const).map((as) => client.get<FeedPage>(`/v1/orders?updatedSince=${encodeURIComponent(since)}&limit=100`, { as })),
    );
    const accountManagers = await Promise.all((['am1', 'am2'] as const).map((as) => client.get<FeedPage>(`/v1/orders?updatedSince=${encodeURIComponent(since)}&limit=100`, { as })));

    // Assess
    for (const feed of feeds) {
      expect(feed.status, feed.text).toBe(200);
      expect(feed.json.items.map((item) => item.id).sort()).toEqual([old, fresh].sort());
      expect(feed.json).toMatchObject({ nextCursor: null, syncedUntil: expect.any(String) });
    }
    expect(other.status).toBe(404);
    for (const feed of allOrders) {
      expect(feed.status, feed.text).toBe(200);
      const ids = feed.json.items.map((item) => item.id);
      // (Date is frozen in this process: both changes carry the same instant; other files' orders may interleave.)
      expect(ids.filter((id) => id === old || id === fresh).sort()).toEqual([old, fresh].sort());
      expect(feed.json).toMatchObject({ nextCursor: null, syncedUntil: expect.any(String) });
    }
    expect(accountManagers.map((response) => response.status)).toEqual([200, 200]);
    const [am1, am2] = accountManagers.map((response) => response.json.items.map((item) => item.id).filter((id) => id === old || id === fresh).sort());
    expect(am1).toEqual([old, fresh].sort());
    expect(am2).toEqual([]);
  });
});
