import type { Order, OrderSummary } from '#functions/orders/order/order.schema';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PortalDependencies, PortalPageKey } from './portal.ports';
import { activeSessionOf, type PortalSession } from './portal-session';

/**
 * The company's orders, newest order date first, one page per call.
 *
 * Primary course: one Query of the customer's item collection (the order summaries, `ORDER#<orderedAt>#<id>`) — the
 * customer of the session's record, never one from the token or the query.
 */
export const listPortalOrders = async (
  deps: PortalDependencies,
  request: { session: PortalSession; page: { limit: number; startKey?: PortalPageKey } },
): Promise<{ items: OrderSummary[]; lastKey?: PortalPageKey }> => deps.orders.listByCustomer(request.session.user.customerId, request.page);

/**
 * One of the company's orders, with its lines, status, shipment dates and balance — in ONE request.
 *
 * Primary course:
 * 1. One consistent BatchGetItem reads the portal user (by the token's `sub`), their company and the order together
 *    (the first request of a user in a process reads the company after the user: portal-session.reads.ts).
 * 2. The user must be active (401 otherwise), the company not archived (404), as on every portal route
 *    (portal-session.ts).
 * 3. The order must be the user's customer's.
 *
 * Alternates: no such order, or another customer's → OrderNotFound (404), the same answer for both.
 */
export const getPortalOrder = async (deps: PortalDependencies, request: { sub: string; orderId: string }): Promise<Order> => {
  const { order, ...read } = await deps.orders.userAndOrder(request.sub, request.orderId);
  const session = activeSessionOf(read);
  if (!order || order.customerId !== session.user.customerId) {
    throw new DomainError(ErrorCode.OrderNotFound, `Order ${request.orderId} does not exist.`);
  }
  return order;
};
