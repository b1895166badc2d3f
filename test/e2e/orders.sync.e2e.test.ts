import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeProduct } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;
type FeedItem = { id: string; deleted?: true; reason?: string; customerId?: string };
type FeedPage = { items: FeedItem[]; nextCursor: string | null; syncedUntil?: string };

/**
 * The orders delta feed across customers (`GET /v1/orders?updatedSince=`) through the gateway, per role: an account
 * manager's own customers' orders, a transfer moving a customer's orders from one account manager's feed (as a
 * `transferred` tombstone) to the other's; the plain list stays 403 to account managers. The feed ends 5 s before the
 * clock (its settling window): the reads run with the clock moved 10 s on (fake Date). Other files place orders
 * meanwhile, so only this test's orders are compared.
 */
describe('orders delta feed end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  afterEach(() => vi.useRealTimers());

  const readFeed = async (as: string, since: string): Promise<{ items: FeedItem[]; syncedUntil: string | undefined }> => {
    const items: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= 200; page += 1) {
      const response: { status: number; text: string; json: FeedPage } = await client.get<FeedPage>(
        `/v1/orders?updatedSince=${encodeURIComponent(since)}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as },
      );
      expect(response.status, response.text).toBe(200);
      items.push(...response.json.items);
      cursor = response.json.nextCursor;
      if (!cursor) return { items, syncedUntil: response.json.syncedUntil };
    }
    throw new Error('the feed did not end');
  };

  it("answers an account manager their customers' orders, a transferred customer's as tombstones to the old owner and orders to the new", async () => {
    // Prepare
    const since = new Date(Date.now() - 1_000).toISOString();
    const product = await arrangeProduct(client);
    const customer = async (ownerId: string) => {
      const response = await client.post<{ id: string }>('/v1/customers', { name: `Order sync ${ownerId} ${Date.now()}`, level: 'ordinary', ownerId, address: '上海市浦东新区 1 号' }, { as: 'admin' });
      expect(response.status, response.text).toBe(201);
      return response.json.id;
    };
    const place = async (customerId: string, as: string) => {
      const response = await client.post<{ id: string }>(`/v1/customers/${customerId}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as });
      expect(response.status, response.text).toBe(201);
      return response.json.id;
    };
    const [movedAway, kept, ofAm2] = [await customer('am1'), await customer('am1'), await customer('am2')];
    const moved = await place(movedAway, 'am1');
    const own = await place(kept, 'am1');
    const others = await place(ofAm2, 'am2');
    const transfer = await client.post(`/v1/customers/${movedAway}/transfer`, { ownerId: 'am2' }, { as: 'sales', headers: { 'if-match': '"1"' } });
    expect(transfer.status, transfer.text).toBe(200);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
    const names = new Map([[moved, 'moved'], [own, 'own'], [others, 'others']]);
    const ours = (items: FeedItem[]) => items.filter((item) => names.has(item.id)).map((item) => `${names.get(item.id)}${item.deleted ? `:${item.reason}` : ''}`);

    // Act
    const feeds = new Map<string, Awaited<ReturnType<typeof readFeed>>>();
    for (const as of ['am1', 'am2', 'sales', 'exec']) feeds.set(as, await readFeed(as, since));
    const next = await readFeed('am1', feeds.get('am1')!.syncedUntil!);
    const plainList = await client.get<{ status: number }>('/v1/orders?limit=10', { as: 'am1' });

    // Assess
    expect(ours(feeds.get('am1')!.items)).toEqual(['own', 'moved:transferred']);
    expect(ours(feeds.get('am2')!.items)).toEqual(['others', 'moved']);
    expect(ours(feeds.get('sales')!.items)).toEqual(['moved', 'own', 'others']);
    expect(ours(feeds.get('exec')!.items)).toEqual(['moved', 'own', 'others']);
    expect(ours(next.items)).toEqual([]);
    expect(plainList.status, plainList.text).toBe(403);
  });
});
