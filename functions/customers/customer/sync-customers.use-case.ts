import { isEmptyWindow, refuseWithFeed, syncWindowOf, type SyncWindow } from '#shared/customer-records/delta-sync';
import { guardedRead } from '#shared/read-guard/customer-read-guard';
import type { CustomerFeedItem, PageKey } from './customer.ports';
import type { Caller, CustomerDependencies } from './customer.dependencies';
import type { CustomerFilters } from './list-customers.use-case';

/** What a list request may say besides `updatedSince`; only `ownerId` combines with the feed. */
const NOT_WITH_FEED = ['q', 'sort', 'level', 'region', 'status', 'industry', 'source', 'type', 'province', 'city', 'tags', 'custom'] as const;

export interface FeedPage {
  readonly items: CustomerFeedItem[];
  readonly lastKey?: PageKey | undefined;
  /** The window this page read: its `until` is the next sync's `updatedSince` once the last page is read. */
  readonly window: SyncWindow;
}

/**
 * The customers' delta feed (`GET /v1/customers?updatedSince=`), one page per call.
 *
 * Primary course: the window is `updatedSince` (inclusive) up to the clock less the settling window
 * (shared/customer-records/delta-sync.ts); one Query of the caller's scope's updatedAt index returns, in change
 * order, the customers changed in it and the tombstones of those that left the scope — archived, or (an owner's
 * feed) transferred to another owner.
 *
 * Alternates: `updatedSince` more than 5 minutes ahead, or older than the 30-day tombstone retention (except
 * the full-sync instant) → 400 naming `query.updatedSince`; combined with a sort, a search or a filter other than
 * `ownerId` → 400 naming each; a window still settling → an empty page ending at `updatedSince`.
 *
 * Rule: scoped exactly as the list — an account manager reads their own feed (their partition), and asking for
 * another owner's is an empty page.
 *
 * Guard: the customers returned count for the read guard, as a list page's (tombstones do not).
 */
export const syncCustomers = async (
  deps: CustomerDependencies,
  request: { caller: Caller; updatedSince: string; filters: CustomerFilters; page: { limit: number; startKey?: PageKey } },
): Promise<FeedPage> => {
  const { caller, filters } = request;
  refuseWithFeed({ ...filters, custom: filters.custom && filters.custom.length > 0 ? filters.custom : undefined }, NOT_WITH_FEED);
  const window = syncWindowOf(request.updatedSince, deps.clock.now());
  if (isEmptyWindow(window)) return { items: [], window };
  if (caller.scope === 'own' && filters.ownerId !== undefined && filters.ownerId !== caller.username) return { items: [], window };
  const ownerId = caller.scope === 'own' ? caller.username : filters.ownerId;
  const page = await guardedRead(
    deps.readGuard,
    caller.username,
    request.page.limit,
    () => deps.customers.feed({ ownerId }, window, request.page),
    (read) => read.items.filter((item) => !('deleted' in item)).length,
  );
  return { ...page, window };
};
