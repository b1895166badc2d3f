import { beforeEach, describe, expect, it } from 'vitest';
import type { ContactFeed } from '#functions/contacts/contact-lookup.ports';
import type { StoredContact } from '#functions/contacts/contact.schema';
import { syncContactsFeed } from '#functions/contacts/sync-contacts-feed.use-case';
import { ErrorCode } from '#shared/core/errors';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import { SYNC_SETTLE_MS, type SyncWindow, type Tombstone } from '#shared/customer-records/delta-sync';
import { callers, PINNED_NOW } from '#test/fakes/customer-records-test-kit';
import { recordingReadGuard } from '#test/fakes/fake-read-guard';

const at = (minutes: number) => new Date(PINNED_NOW.getTime() + minutes * 60_000).toISOString();
const contactOf = (id: string, customerId: string, changedAt: string): StoredContact => ({
  id, customerId, name: `Contact ${id}`, version: 1, createdAt: changedAt, createdBy: 'am1', updatedAt: changedAt, updatedBy: 'am1',
});

/** The feed's partitions as the index holds them: entries under an owner's partition or everyone's, by change time. */
class InMemoryContactFeed implements ContactFeed {
  readonly entries: { partition: string; at: string; item: StoredContact | Tombstone }[] = [];
  readonly customers = new Map<string, CustomerHead>();
  readonly reads: { partition: string; window: SyncWindow }[] = [];

  async page(scope: { ownerId?: string | undefined }, window: SyncWindow, page: { limit: number }) {
    const partition = scope.ownerId === undefined ? 'CONTACT' : `CONTACT#OWNER#${scope.ownerId}`;
    this.reads.push({ partition, window });
    const items = this.entries
      .filter((entry) => entry.partition === partition && entry.at >= window.since && entry.at < window.until)
      .sort((a, b) => (a.at < b.at ? -1 : 1))
      .map((entry) => entry.item);
    return { items: items.slice(0, page.limit) };
  }

  async heads(customerIds: readonly string[]) {
    return new Map(customerIds.flatMap((id) => (this.customers.has(id) ? [[id, this.customers.get(id)!] as const] : [])));
  }
}

describe('syncContactsFeed: the contacts delta feed across customers', () => {
  let feed: InMemoryContactFeed;
  let guard: ReturnType<typeof recordingReadGuard>;
  const deps = () => ({ feed, clock: { now: () => new Date(at(60)) }, readGuard: guard.guard });

  beforeEach(() => {
    feed = new InMemoryContactFeed();
    guard = recordingReadGuard();
    feed.customers.set('C-AM1', { id: 'C-AM1', ownerId: 'am1', primaryContactId: 'K1' });
    feed.customers.set('C-MOVED', { id: 'C-MOVED', ownerId: 'am2' });
    feed.customers.set('C-ARCHIVED', { id: 'C-ARCHIVED', ownerId: 'am1', deletedAt: at(1) });
    const gone: Tombstone = { id: 'K3', deleted: true, deletedAt: at(20), reason: 'deleted' };
    feed.entries.push({ partition: 'CONTACT#OWNER#am2', at: at(30), item: contactOf('K5', 'C-MOVED', at(30)) });
    for (const partition of ['CONTACT#OWNER#am1', 'CONTACT']) {
      feed.entries.push(
        { partition, at: at(10), item: contactOf('K1', 'C-AM1', at(10)) },
        // Still in am1's partition: its customer went to am2 and the transfer's move has not run yet.
        { partition, at: at(15), item: contactOf('K2', 'C-MOVED', at(15)) },
        { partition, at: at(20), item: gone },
        { partition, at: at(25), item: contactOf('K4', 'C-ARCHIVED', at(25)) },
      );
    }
  });

  it('reads an account manager’s own partition and answers only the contacts of customers that are theirs now, with tombstones, in change order', async () => {
    // Act
    const page = await syncContactsFeed(deps(), { caller: callers.am1, updatedSince: at(0), page: { limit: 50 } });

    // Assess
    expect(feed.reads).toEqual([{ partition: 'CONTACT#OWNER#am1', window: { since: at(0), until: new Date(Date.parse(at(60)) - SYNC_SETTLE_MS).toISOString() } }]);
    expect(page.items).toEqual([
      expect.objectContaining({ id: 'K1', isPrimary: true }),
      { id: 'K3', deleted: true, deletedAt: at(20), reason: 'deleted' },
    ]);
  });

  it('reads everyone’s partition for the other roles, still leaving out contacts of archived customers', async () => {
    const page = await syncContactsFeed(deps(), { caller: callers.sales, updatedSince: at(0), page: { limit: 50 } });

    expect(feed.reads.map((read) => read.partition)).toEqual(['CONTACT']);
    expect(page.items.map((item) => item.id)).toEqual(['K1', 'K2', 'K3']);
  });

  it('counts the contacts answered (not tombstones, not those left out) for the read guard, charged the page limit up front', async () => {
    // Act
    await syncContactsFeed(deps(), { caller: callers.am1, updatedSince: at(0), page: { limit: 50 } });
    await syncContactsFeed(deps(), { caller: callers.sales, updatedSince: at(0), page: { limit: 20 } });

    // Assess
    expect(guard.settled).toEqual([
      { username: 'am1', charged: 50, returned: 1 },
      { username: 'sales', charged: 20, returned: 2 },
    ]);
  });

  it("filters by owner for managers (that owner's partition, customers they hold now); an account manager naming another owner gets an empty page", async () => {
    // Act
    const ofAm1 = await syncContactsFeed(deps(), { caller: callers.sales, updatedSince: at(0), ownerId: 'am1', page: { limit: 50 } });
    const ofAm2 = await syncContactsFeed(deps(), { caller: callers.sales, updatedSince: at(0), ownerId: 'am2', page: { limit: 50 } });
    const foreign = await syncContactsFeed(deps(), { caller: callers.am1, updatedSince: at(0), ownerId: 'am2', page: { limit: 50 } });
    const own = await syncContactsFeed(deps(), { caller: callers.am1, updatedSince: at(0), ownerId: 'am1', page: { limit: 50 } });

    // Assess
    expect(ofAm1.items.map((item) => item.id)).toEqual(['K1', 'K3']);
    expect(ofAm2.items.map((item) => item.id)).toEqual(['K5']);
    expect(foreign.items).toEqual([]);
    expect(own.items.map((item) => item.id)).toEqual(['K1', 'K3']);
    expect(feed.reads.map((read) => read.partition)).toEqual(['CONTACT#OWNER#am1', 'CONTACT#OWNER#am2', 'CONTACT#OWNER#am1']);
  });

  it('answers an empty page without reading inside the settling window, and 400 naming updatedSince an hour ahead', async () => {
    const settling = await syncContactsFeed(deps(), { caller: callers.am1, updatedSince: at(60), page: { limit: 50 } });
    const future = syncContactsFeed(deps(), { caller: callers.am1, updatedSince: at(120), page: { limit: 50 } });

    expect(settling).toEqual({ items: [], window: { since: at(60), until: at(60) } });
    expect(feed.reads).toEqual([]);
    await expect(future).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
  });
});
