import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeProduct } from './scenarios/orders.scenarios';

type Client = ReturnType<typeof api>;
type FeedItem = { id: string; deleted?: true; reason?: string };
type FeedPage = { items: FeedItem[]; nextCursor: string | null };

/**
 * A bulk transfer (`POST /v1/customers/bulk-update` with `ownerId`, and the bulk-update job by filter) moves each
 * customer's contacts and orders between the account managers' delta feeds as the single transfer does: a
 * `transferred` tombstone in the previous owner's feed, the record in the new owner's. The feeds end 5 s before the
 * clock: they are read with the clock moved 10 s on (fake Date). Only this test's records are compared.
 */
describe('bulk transfer and the contacts and orders delta feeds', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));
  afterEach(() => vi.useRealTimers());

  const readFeed = async (path: string, as: string, since: string): Promise<FeedItem[]> => {
    const items: FeedItem[] = [];
    let cursor: string | null = null;
    for (let page = 1; page <= 200; page += 1) {
      const response: { status: number; text: string; json: FeedPage } = await client.get<FeedPage>(
        `${path}?updatedSince=${encodeURIComponent(since)}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        { as },
      );
      expect(response.status, response.text).toBe(200);
      items.push(...response.json.items);
      cursor = response.json.nextCursor;
      if (!cursor) return items;
    }
    throw new Error('the feed did not end');
  };

  it("moves the contacts and orders of customers transferred in bulk (synchronous and by filter) to the new owner's feeds", async () => {
    // Prepare: two customers of am1, each with a contact and an order; the second carries this run's tag.
    const since = new Date(Date.now() - 1_000).toISOString();
    const tag = `bulkfeed-${randomUUID().slice(0, 12)}`;
    const product = await arrangeProduct(client);
    const arrange = async (tags: string[]) => {
      const customer = await client.post<{ id: string }>('/v1/customers', { name: `Bulk feed ${randomUUID()}`, ownerId: 'am1', address: '上海市浦东新区 1 号', tags }, { as: 'admin' });
      expect(customer.status, customer.text).toBe(201);
      const contact = await client.post<{ id: string }>(`/v1/customers/${customer.json.id}/contacts`, { name: 'Feed contact' }, { as: 'am1' });
      const order = await client.post<{ id: string }>(`/v1/customers/${customer.json.id}/orders`, { lines: [{ productId: product.id, quantity: 1 }] }, { as: 'am1' });
      expect([contact.status, order.status]).toEqual([201, 201]);
      return { customerId: customer.json.id, contactId: contact.json.id, orderId: order.json.id };
    };
    const bySync = await arrange([]);
    const byJob = await arrange([tag]);

    // Act
    const sync = await client.post<{ items: { status: number }[] }>('/v1/customers/bulk-update', { ids: [bySync.customerId], changes: { ownerId: 'am2' } }, { as: 'sales' });
    const job = await client.post<{ id: string }>('/v1/customers/bulk-updates', { filter: { ownerId: 'am1', tags: tag }, changes: { ownerId: 'am2' } }, { as: 'sales' });
    const { handler } = await import('#functions/customers/bulk/bulk-update-job.handler');
    for (let steps = 1; steps <= 20; steps += 1) if (['completed', 'failed'].includes((await handler({ bulkUpdateJob: job.json.id })).status)) break;
    const done = await client.get<{ status: string; progress: { updated: number } }>(`/v1/customers/bulk-updates/${job.json.id}`, { as: 'sales' });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10_000 });
    const names = new Map([
      [bySync.contactId, 'sync contact'], [bySync.orderId, 'sync order'], [byJob.contactId, 'job contact'], [byJob.orderId, 'job order'],
    ]);
    const ours = (items: FeedItem[]) => items.filter((item) => names.has(item.id)).map((item) => `${names.get(item.id)}${item.deleted ? `:${item.reason}` : ''}`).sort();
    const feeds = {
      am1: ours([...(await readFeed('/v1/contacts', 'am1', since)), ...(await readFeed('/v1/orders', 'am1', since))]),
      am2: ours([...(await readFeed('/v1/contacts', 'am2', since)), ...(await readFeed('/v1/orders', 'am2', since))]),
    };

    // Assess
    expect(sync.status, sync.text).toBe(200);
    expect(sync.json.items.map((item) => item.status)).toEqual([200]);
    expect(done.json).toMatchObject({ status: 'completed', progress: { updated: 1 } });
    expect(feeds.am1).toEqual(['job contact:transferred', 'job order:transferred', 'sync contact:transferred', 'sync order:transferred']);
    expect(feeds.am2).toEqual(['job contact', 'job order', 'sync contact', 'sync order']);
  });
});
