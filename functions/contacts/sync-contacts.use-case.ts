import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import { syncWindowOf, isEmptyWindow, type SyncWindow, type Tombstone } from '#shared/customer-records/delta-sync';
import type { Caller, ContactDependencies } from './contact.dependencies';
import type { Contact } from './contact.schema';
import { withPrimaryFlag } from './contact.rules';

/**
 * A customer's contacts delta feed (`GET /v1/customers/{customerId}/contacts?updatedSince=`), in one answer.
 *
 * Primary course: the window (shared/customer-records/delta-sync.ts: `updatedSince` up to the clock less the
 * settling window); the customer is visible to the caller → the contacts changed in it (each flagged
 * `isPrimary` from the customer's pointer now) and tombstones `{id, deleted, deletedAt, reason: 'deleted'}` of those
 * deleted in it, in change order.
 *
 * Alternates: customer missing, archived or out of scope → 404, as the list (the customer feed's tombstone tells a
 * client to drop the customer with its contacts); a bad `updatedSince` → 400 naming it; a window still settling →
 * no items.
 */
export const syncContacts = async (
  deps: ContactDependencies,
  request: { caller: Caller; customerId: string; updatedSince: string },
): Promise<{ items: (Contact | Tombstone)[]; window: SyncWindow }> => {
  const window = syncWindowOf(request.updatedSince, deps.clock.now());
  // Read even for an empty window: the answer is a 404 for a customer the caller may not see, whatever the window.
  const feed = await deps.contacts.feed(request.customerId, window);
  if (!customerVisibleTo(request.caller, feed.customer)) throw customerNotFound(request.customerId);
  if (isEmptyWindow(window)) return { items: [], window };
  const customer = feed.customer;
  const entries: { at: string; item: Contact | Tombstone }[] = [
    ...feed.changed.map((contact) => ({ at: `${contact.updatedAt}#${contact.id}`, item: withPrimaryFlag(contact, customer) })),
    ...feed.deleted.map(({ id, deletedAt }) => ({ at: `${deletedAt}#${id}`, item: { id, deleted: true as const, deletedAt, reason: 'deleted' as const } })),
  ];
  return { items: entries.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((entry) => entry.item), window };
};
