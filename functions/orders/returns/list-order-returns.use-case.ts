import { readVisibleOrder } from '#functions/orders/order/get-order.use-case';
import type { Page, PageKey } from '#functions/orders/order/order.ports';
import type { Caller } from '#functions/orders/orders.dependencies';
import type { ReturnsDependencies } from './return.ports';
import type { OrderReturn } from './return.schema';

/**
 * An order's returns with their credit notes, oldest first, one page per call.
 *
 * Primary course: the order is read (scope: an account manager's only while its customer is theirs) and a page of its
 * returns is queried from its item collection. Alternate: missing or out of scope → OrderNotFound (404).
 */
export const listOrderReturns = async (
  deps: ReturnsDependencies,
  request: { caller: Caller; orderId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<OrderReturn>> => {
  const [, page] = await Promise.all([readVisibleOrder(deps, request.caller, request.orderId), deps.returns.listReturns(request.orderId, request.page)]);
  return page;
};
