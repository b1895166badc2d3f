import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerVisibleTo, orderNotFound } from '#functions/orders/order/order.rules';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import type { Caller, ShipmentsDependencies } from './shipment.ports';

/** Rules the shipment use cases share: scope, refusals. */

export const shipmentNotFound = (shipmentId: string): DomainError =>
  new DomainError(ErrorCode.ShipmentNotFound, `Shipment ${shipmentId} does not exist.`);

export const orderVersionConflict = (orderId: string, version: number): DomainError =>
  new DomainError(ErrorCode.VersionConflict, `Order ${orderId} has changed since you read it (now version ${version}); read it again.`);

/**
 * The order if the caller may see it (as readVisibleOrder in get-order.use-case.ts): an account manager only while
 * its customer is theirs and not archived; otherwise OrderNotFound (404), like a missing order.
 */
export const readVisibleOrder = async (deps: Pick<ShipmentsDependencies, 'orders'>, caller: Caller, orderId: string): Promise<OrderDetail> => {
  const order = await deps.orders.get(orderId);
  if (!order) throw orderNotFound(orderId);
  if (caller.scope === 'own' && !customerVisibleTo(caller, await deps.orders.customer(order.customerId))) throw orderNotFound(orderId);
  return order;
};
