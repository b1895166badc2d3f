import { isEmptyWindow, syncWindowOf, type SyncWindow } from '#shared/customer-records/delta-sync';
import type { Page, PageKey } from './order.ports';
import type { OrderSummary } from './order.schema';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';

/**
 * The delta feed of all orders (`GET /v1/orders?updatedSince=`), one page per call — for the roles that list all
 * orders (admin, sales managers, executives; the route's capability refuses account managers, who sync their
 * customers' orders per customer).
 *
 * Primary course: the window (shared/customer-records/delta-sync.ts), then one Query of the orders' change-time
 * index in change order: orders placed, moved (status) or paid in the window. Orders are never deleted: no
 * tombstones (a cancelled order is a change).
 *
 * Alternates: a bad `updatedSince` → 400 naming it (the handler refuses `status`, `from`, `to` with it); a window
 * still settling → an empty page ending at `updatedSince`.
 */
export const syncOrders = async (
  deps: OrdersDependencies,
  request: { updatedSince: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<OrderSummary> & { window: SyncWindow }> => {
  const window = syncWindowOf(request.updatedSince, deps.clock.now());
  if (isEmptyWindow(window)) return { items: [], window };
  const page = await deps.orders.feed(window, request.page);
  return { ...page, window };
};
