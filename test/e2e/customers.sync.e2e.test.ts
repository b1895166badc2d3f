import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CrmClient } from '#clients/typescript/src/index';
import { useTestGateway } from '#test/support/e2e';
import { typedClients } from '#test/support/e2e-sdk';

/** A feed item as the tests read it: a record, or the tombstone of one (`deleted`, `reason`). */
type FeedItem = { id: string; deleted?: true; reason?: string; deletedAt?: string; ownerId?: string; version?: number };
/** The delta feeds' pages, read through the typed client, seen as records or tombstones alike. */
const feedOf = (page: { items: object[]; nextCursor: string | null; syncedUntil?: string } | undefined) =>
  page as { items: FeedItem[]; nextCursor: string | null; syncedUntil?: string };

const ROLES = ['admin', 'sales', 'exec', 'am1', 'am2'] as const;

/**
 * The customers' delta feed (`GET /v1/customers?updatedSince=`) through the gateway, per role: changes and
 * tombstones within each role's scope, `syncedUntil` as the next sync point (its 400s are rows of customers.bad-input.e2e.test.ts). The
 * feed ends 5 s before the clock (its settling window): the reads run with the clock moved 10 s on (fake Date).
 * Other files write customers meanwhile, so only this test's customers are compared. Every call goes through the typed
 * client (clients/typescript).
 */
describe('customer delta feed end to end', () => {
  let crm: (username: string) => CrmClient;
  useTestGateway((gateway) => (crm = typedClients(gateway.baseUrl)));
  afterEach(() => vi.useRealTimers());

  const readFeed = async (as: string, since: string): Promise<{ items: FeedItem[]; syncedUntil: string | undefined }> => {
    const items: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const { data, error, response } = await crm(as).GET('/v1/customers', { params: { query: { updatedSince: since, limit: 100, ...(cursor ? { cursor } : {}) } } });
      expect(response.status, JSON.stringify(error)).toBe(200);
      const page = feedOf(data);
      items.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) return { items, syncedUntil: page.syncedUntil };
    }
    throw new Error('the feed did not end');
  };

  it('answers each role its changes and the tombstones of what it no longer sees', async () => {
    // Prepare
    const since = new Date(Date.now() - 1_000).toISOString();
    const make = async (ownerId: string) => {
      const { data, error, response } = await crm('admin').POST('/v1/customers', { body: { name: `Sync ${ownerId} ${Date.now()}`, level: 'ordinary', ownerId } });
      expect(response.status, JSON.stringify(error)).toBe(201);
      return data!.id;
    };
    const [moved, kept, archived] = [await make('am1'), await make('am2'), await make('am1')];
    const transfer = await crm('sales').POST('/v1/customers/{customerId}/transfer', { params: { path: { customerId: moved }, header: { 'If-Match': '"1"' } }, body: { ownerId: 'am2' } });
    const remove = await crm('am1').DELETE('/v1/customers/{customerId}', { params: { path: { customerId: archived }, header: { 'If-Match': '"1"' } } });
    expect([transfer.response.status, remove.response.status]).toEqual([200, 204]);
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
    const made = await crm('admin').POST('/v1/customers', { body: { name: `Sync contacts ${Date.now()}`, level: 'ordinary', ownerId: 'am1' } });
    const customerId = made.data!.id;
    const path = { customerId };
    const add = async (name: string) => (await crm('am1').POST('/v1/customers/{customerId}/contacts', { params: { path }, body: { name } })).data!.id;
    const [kept, removed] = [await add('Kept'), await add('Removed')];
    const deletion = await crm('am1').DELETE('/v1/customers/{customerId}/contacts/{contactId}', { params: { path: { customerId, contactId: removed }, header: { 'If-Match': '"1"' } } });
    expect(deletion.response.status).toBe(204);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });

    // Act
    const contactsSince = (as: string) => crm(as).GET('/v1/customers/{customerId}/contacts', { params: { path, query: { updatedSince: since } } });
    const feeds = await Promise.all((['am1', 'sales', 'exec'] as const).map(contactsSince));
    const other = await contactsSince('am2');

    // Assess
    for (const feed of feeds) {
      expect(feed.response.status, JSON.stringify(feed.error)).toBe(200);
      expect(feedOf(feed.data).items.map((item) => (item.deleted ? `-${item.id}:${item.reason}` : item.id)).sort()).toEqual([kept, `-${removed}:deleted`].sort());
      expect(feed.data).toMatchObject({ nextCursor: null, syncedUntil: expect.any(String) });
    }
    expect(other.response.status).toBe(404);
  });

  it('answers a customer’s orders placed, moved or paid since (404 to an account manager who may not see it), and all orders’ feed scoped per role', async () => {
    // Prepare
    const cny = (amount: number) => ({ amount, currency: 'CNY' });
    const product = await crm('admin').POST('/v1/products', {
      body: { code: `SYNC-${Date.now().toString(36).toUpperCase()}`, name: `Sync ${Date.now()}`, unit: 'pcs', unitPrice: cny(10_00), stockOnHand: 10 },
    });
    const made = await crm('admin').POST('/v1/customers', { body: { name: `Sync orders ${Date.now()}`, level: 'ordinary', ownerId: 'am1', address: '上海市浦东新区 1 号' } });
    const customerId = made.data!.id;
    const path = { customerId };
    const place = async () => {
      const placed = await crm('am1').POST('/v1/customers/{customerId}/orders', { params: { path }, body: { lines: [{ productId: product.data!.id, quantity: 1 }] } });
      expect(placed.response.status, JSON.stringify(placed.error)).toBe(201);
      return placed.data!.id;
    };
    const old = await place();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 });
    const since = new Date().toISOString();
    const fresh = await place();
    const paid = await crm('am1').POST('/v1/orders/{orderId}/payments', { params: { path: { orderId: old } }, body: { amount: cny(5_00), method: 'alipay' } });
    expect(paid.response.status, JSON.stringify(paid.error)).toBe(201);
    vi.setSystemTime(Date.now() + 10_000);

    // Act
    const ordersSince = (as: string) => crm(as).GET('/v1/customers/{customerId}/orders', { params: { path, query: { updatedSince: since } } });
    const feeds = await Promise.all((['am1', 'sales', 'exec', 'admin'] as const).map(ordersSince));
    const other = await ordersSince('am2');
    // The feed of all orders for the roles that list all orders; an account manager's feed holds their customers' only.
    const allOrdersSince = (as: string) => crm(as).GET('/v1/orders', { params: { query: { updatedSince: since, limit: 100 } } });
    const allOrders = await Promise.all((['sales', 'exec', 'admin'] as const).map(allOrdersSince));
    const accountManagers = await Promise.all((['am1', 'am2'] as const).map(allOrdersSince));

    // Assess
    for (const feed of feeds) {
      expect(feed.response.status, JSON.stringify(feed.error)).toBe(200);
      expect(feedOf(feed.data).items.map((item) => item.id).sort()).toEqual([old, fresh].sort());
      expect(feed.data).toMatchObject({ nextCursor: null, syncedUntil: expect.any(String) });
    }
    expect(other.response.status).toBe(404);
    for (const feed of allOrders) {
      expect(feed.response.status, JSON.stringify(feed.error)).toBe(200);
      const ids = feedOf(feed.data).items.map((item) => item.id);
      // (Date is frozen in this process: both changes carry the same instant; other files' orders may interleave.)
      expect(ids.filter((id) => id === old || id === fresh).sort()).toEqual([old, fresh].sort());
      expect(feed.data).toMatchObject({ nextCursor: null, syncedUntil: expect.any(String) });
    }
    expect(accountManagers.map((answer) => answer.response.status)).toEqual([200, 200]);
    const [am1, am2] = accountManagers.map((answer) => feedOf(answer.data).items.map((item) => item.id).filter((id) => id === old || id === fresh).sort());
    expect(am1).toEqual([old, fresh].sort());
    expect(am2).toEqual([]);
  });
});
