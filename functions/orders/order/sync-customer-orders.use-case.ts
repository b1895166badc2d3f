import { isEmptyWindow, syncWindowOf, type SyncWindow } from '#shared/customer-records/delta-sync';
import type { Page, PageKey } from './order.ports';
import { customerNotFound, customerVisibleTo } from './order.rules';
import type { OrderSummary } from './order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';

/** The page key's entry that carries the feed's window end from page to page (the cursor is signed). */
const UNTIL = 'feedUntil';

/**
 * A customer's orders delta feed (`GET /v1/customers/{customerId}/orders?updatedSince=`), one page per call.
 *
 * Primary course: the window (shared/customer-records/delta-sync.ts) — on a later page, the first page's end, which
 * the cursor carries: the Query runs in order-date order, not change order, so a window that grew between pages
 * would skip an order changed meanwhile on a page already read; the customer is visible → its order summaries
 * changed in the window (placed, status moved, paid). Orders are never deleted: no tombstones.
 *
 * Alternates: customer missing, archived or out of scope → 404; a bad `updatedSince` → 400 naming it; a window
 * still settling → an empty page.
 */
export const syncCustomerOrders = async (
  deps: OrdersDependencies,
  request: { caller: Caller; customerId: string; updatedSince: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<OrderSummary> & { window: SyncWindow }> => {
  const fresh = syncWindowOf(request.updatedSince, deps.clock.now());
  const { [UNTIL]: carried, ...startKey } = request.page.startKey ?? {};
  const window = typeof carried === 'string' ? { since: fresh.since, until: carried } : fresh;
  const [customer, page] = await Promise.all([
    deps.orders.customer(request.customerId),
    isEmptyWindow(window)
      ? Promise.resolve<Page<OrderSummary>>({ items: [] })
      : deps.orders.feedByCustomer(request.customerId, window, { limit: request.page.limit, ...(request.page.startKey ? { startKey } : {}) }),
  ]);
  if (!customerVisibleTo(request.caller, customer)) throw customerNotFound(request.customerId);
  return { items: page.items, ...(page.lastKey ? { lastKey: { ...page.lastKey, [UNTIL]: window.until } } : {}), window };
};
