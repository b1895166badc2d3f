import type { OrderListCriteria, Page, PageKey } from './order.ports';
import type { OrderSummary } from './order.schema';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';

/**
 * All orders, newest first, optionally of one status and within [from, to) — for managers and executives
 * (account managers see orders through their customers).
 *
 * Primary course: one Query on the orders-by-status index when a status is given, else on the orders-by-date
 * index, with the date range as a key condition.
 */
export const listOrders = async (
  deps: OrdersDependencies,
  request: { criteria: OrderListCriteria; page: { limit: number; startKey?: PageKey } },
): Promise<Page<OrderSummary>> => deps.orders.list(request.criteria, request.page);
