import type { Page, PageKey } from './order.ports';
import { customerNotFound, customerVisibleTo } from './order.rules';
import type { OrderSummary } from './order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';

/**
 * A customer's orders, newest first, one page per call.
 *
 * Primary course: the customer is read (scope) and its order summaries are queried from its item collection,
 * both at once. Alternate: customer missing, archived or not the account manager's → CustomerNotFound (404).
 */
export const listCustomerOrders = async (
  deps: OrdersDependencies,
  request: { caller: Caller; customerId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<OrderSummary>> => {
  const [customer, page] = await Promise.all([
    deps.orders.customer(request.customerId),
    deps.orders.listByCustomer(request.customerId, request.page),
  ]);
  if (!customerVisibleTo(request.caller, customer)) throw customerNotFound(request.customerId);
  return page;
};
