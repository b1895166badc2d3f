import type { Caller } from '#shared/auth/caller';
import { customerVisibleTo } from '#shared/customer-records/customer-head';
import { isEmptyWindow, syncWindowOf, type SyncWindow, type Tombstone } from '#shared/customer-records/delta-sync';
import type { Page, PageKey } from './order.ports';
import type { OrderSummary } from './order.schema';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';

const isTombstone = (item: OrderSummary | Tombstone): item is Tombstone => 'deleted' in item;

/**
 * The orders delta feed (`GET /v1/orders?updatedSince=`), one page per call: all orders for admin, sales managers
 * and executives; an account manager's own customers' orders for them.
 *
 * Primary course: the window (shared/customer-records/delta-sync.ts), then one Query of the caller's scope's
 * change-time index in change order — everyone's (`ORDER`), or the account manager's partition — : orders placed,
 * moved (status) or paid in the window. Orders are never deleted (a cancelled order is a change); an account
 * manager's feed also answers a tombstone (`reason: transferred`) for each order of a customer transferred away
 * from them, and the orders of a customer transferred to them enter it at the transfer.
 *
 * Rule: scoped as every list — an account manager's page is checked against the customers read in one batch: an
 * order is answered only while its customer is theirs and live (an order left in their partition by a transfer
 * whose move has not run yet is never shown).
 *
 * Alternates: a bad `updatedSince` → 400 naming it (the handler refuses `status`, `from`, `to` with it); a window
 * still settling → an empty page ending at `updatedSince`.
 */
export const syncOrders = async (
  deps: OrdersDependencies,
  request: { caller?: Caller | undefined; updatedSince: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<OrderSummary | Tombstone> & { window: SyncWindow }> => {
  const window = syncWindowOf(request.updatedSince, deps.clock.now());
  if (isEmptyWindow(window)) return { items: [], window };
  const caller = request.caller;
  if (caller?.scope !== 'own') return { ...(await deps.orders.feed(window, request.page)), window };
  const page = await deps.orders.feed(window, request.page, { ownerId: caller.username });
  const customerIds = [...new Set(page.items.filter((item) => !isTombstone(item)).map((item) => (item as OrderSummary).customerId))];
  const customers = customerIds.length === 0 ? new Map() : await deps.orders.feedCustomers(customerIds);
  const items = page.items.filter((item) => isTombstone(item) || customerVisibleTo(caller, customers.get(item.customerId)));
  return { ...page, items, window };
};
