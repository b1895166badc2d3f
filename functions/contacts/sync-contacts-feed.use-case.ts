import type { Caller } from '#shared/auth/caller';
import type { Clock } from '#shared/core/clock';
import { customerVisibleTo } from '#shared/customer-records/customer-head';
import { isEmptyWindow, syncWindowOf, type SyncWindow, type Tombstone } from '#shared/customer-records/delta-sync';
import { guardedRead, type CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import type { ContactFeed } from './contact-lookup.ports';
import type { PageKey } from './contact.ports';
import type { Contact, StoredContact } from './contact.schema';
import { withPrimaryFlag } from './contact.rules';

export interface ContactFeedDependencies {
  readonly feed: ContactFeed;
  readonly clock: Clock;
  /** The customer read guard (shared/read-guard/): the contacts answered count as the customers feed's records do. */
  readonly readGuard: CustomerReadGuard;
}

const isTombstone = (item: StoredContact | Tombstone): item is Tombstone => 'deleted' in item;

/**
 * The contacts delta feed across customers (`GET /v1/contacts?updatedSince=`), one page per call: what a mobile
 * client syncs.
 *
 * Primary course: the window (shared/customer-records/delta-sync.ts: `updatedSince` up to the clock less the
 * settling window); one Query of the caller's scope's feed index in change order — an account manager's own
 * partition (the contacts of their customers), everyone's for the other roles — returns the contacts created or
 * changed in it and the tombstones of those that left it: deleted (`reason: deleted`), or of a customer transferred
 * to another owner (`reason: transferred`, the previous owner's feed only); then one batch read of the page's
 * customers: each contact is answered with `isPrimary` from its customer's pointer.
 *
 * Rule: scoped as every list — a contact is answered only when its customer is visible to the caller now (live;
 * an account manager's own). A contact left in a previous owner's partition by a transfer whose move has not run
 * yet is therefore never shown to them; a customer archived is dropped by the customers feed's tombstone.
 *
 * Filter: `ownerId` (managers and executives; docs/api.md) reads that owner's partition instead of everyone's and
 * answers only contacts whose customer that owner holds now; an account manager naming another owner gets an empty
 * page (as the customers feed), naming themselves their own feed.
 *
 * Guard: the contacts answered count for the customer read guard like a list page's records (tombstones do not):
 * a contact names a person of a customer, and a feed paged from 1970 is the whole book.
 *
 * Alternates: a bad `updatedSince` → 400 naming it; a window still settling → an empty page ending at
 * `updatedSince`.
 */
export const syncContactsFeed = async (
  deps: ContactFeedDependencies,
  request: { caller: Caller; updatedSince: string; ownerId?: string | undefined; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<{ items: (Contact | Tombstone)[]; lastKey?: PageKey | undefined; window: SyncWindow }> => {
  const { caller } = request;
  const window = syncWindowOf(request.updatedSince, deps.clock.now());
  if (isEmptyWindow(window)) return { items: [], window };
  if (caller.scope === 'own' && request.ownerId !== undefined && request.ownerId !== caller.username) return { items: [], window };
  const ownerId = caller.scope === 'own' ? caller.username : request.ownerId;
  const answered = await guardedRead(
    deps.readGuard,
    caller.username,
    request.page.limit,
    async () => {
      const read = await deps.feed.page({ ownerId }, window, request.page);
      const customerIds = [...new Set(read.items.filter((item) => !isTombstone(item)).map((item) => (item as StoredContact).customerId))];
      const heads = customerIds.length === 0 ? new Map() : await deps.feed.heads(customerIds);
      const items = read.items.flatMap((item): (Contact | Tombstone)[] => {
        if (isTombstone(item)) return [item];
        const customer = heads.get(item.customerId);
        // A manager's owner filter: the contacts of customers that owner holds now (a move not yet run leaves others).
        if (ownerId !== undefined && customer?.ownerId !== ownerId) return [];
        return customerVisibleTo(caller, customer) ? [withPrimaryFlag(item, customer)] : [];
      });
      return { items, ...(read.lastKey ? { lastKey: read.lastKey } : {}) };
    },
    (page) => page.items.filter((item) => !isTombstone(item)).length,
  );
  return { ...answered, window };
};
