import { indexKey } from '#shared/db/index-key';
import { orderKeys } from './orders.keys';

/**
 * Keys of shipments (送货清单, functions/orders/shipments/; docs/data-model.md, "Shipments"). A shipment sits in its
 * order's item collection (`ORDER#<orderId>` / `SHIPMENT#<shipmentId>`), so an order with its shipments is one Query.
 * While it is in transit it is also on gsi1 under its customer (`SHIPMENT#TRANSIT#<customerId>`, by shipping time):
 * the customer 360 view's one Query; delivering it removes those attributes (sparse). The partition starts with
 * `SHIPMENT#`, apart from every other use of gsi1 (owners, quotes, follow-ups, assignees …).
 */
export const shipmentKeys = {
  item: (orderId: string, shipmentId: string) => ({ pk: orderKeys.collection(orderId), sk: `SHIPMENT#${shipmentId}` }),
  prefix: 'SHIPMENT#',
  inTransitByCustomer: indexKey('gsi1', 1, (customerId: string) => `SHIPMENT#TRANSIT#${customerId}`),
  /** `<shippedAt>#<shipmentId>`. */
  transitSortKey: (shippedAt: string, shipmentId: string) => `${shippedAt}#${shipmentId}`,
} as const;
