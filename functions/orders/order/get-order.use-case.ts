import { customerVisibleTo, orderNotFound } from './order.rules';
import type { OrderDetail } from './order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';

/**
 * The order if the caller may see it: anyone with `all` scope; an account manager only when the order's
 * customer is (still) theirs and not archived — ownership is the customer's, read now, so a transfer moves
 * the customer's orders with it. Otherwise → OrderNotFound (404), like a missing order.
 */
export const readVisibleOrder = async (deps: OrdersDependencies, caller: Caller, orderId: string): Promise<OrderDetail> => {
  const order = await deps.orders.get(orderId);
  if (!order) throw orderNotFound(orderId);
  if (caller.scope === 'own' && !customerVisibleTo(caller, await deps.orders.customer(order.customerId))) throw orderNotFound(orderId);
  return order;
};

/**
 * Read one order with its lines and payments.
 *
 * Primary course: one consistent Query over the order's item collection (plus, for an account manager, a read
 * of the customer to check ownership). Alternate: missing or out of scope → OrderNotFound (404).
 */
export const getOrder = async (deps: OrdersDependencies, request: { caller: Caller; orderId: string }): Promise<OrderDetail> =>
  readVisibleOrder(deps, request.caller, request.orderId);
