import type { Caller, Page, PageKey, ShipmentsDependencies } from './shipment.ports';
import { readVisibleOrder } from './shipment.rules';
import type { Shipment } from './shipment.schema';

/**
 * An order's shipments, oldest first.
 *
 * Primary course: the order is read (an account manager's only while its customer is theirs), then one Query of the
 * order's item collection from `SHIPMENT#`. Alternate: the order missing or out of scope → OrderNotFound (404).
 */
export const listShipments = async (
  deps: ShipmentsDependencies,
  request: { caller: Caller; orderId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Shipment>> => {
  await readVisibleOrder(deps, request.caller, request.orderId);
  return deps.shipments.list(request.orderId, request.page);
};
