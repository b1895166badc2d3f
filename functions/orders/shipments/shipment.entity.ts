import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { shipmentKeys } from '#shared/keys/shipments.keys';
import type { Shipment, ShipmentLine } from './shipment.schema';

/**
 * The shipment item (`pk = ORDER#<orderId>`, `sk = SHIPMENT#<shipmentId>`): carrier, tracking number, consignee and
 * the lines shipped, declared once (docs/data-model.md, "Shipments"). In transit it is on gsi1 under its customer
 * (`SHIPMENT#TRANSIT#<customerId>`, `<shippedAt>#<id>`); delivered, on no index. Every write puts the whole item,
 * conditional on the version read, so the index attributes always follow the status.
 */
export const SHIPMENT_FIELDS = fieldsOf<Shipment>()(
  'id', 'orderId', 'orderNo', 'customerId', 'customerName', 'status', 'carrier', 'trackingNumber', 'consignee', 'shippedAt',
  'deliveredAt', 'lines', 'orderVersion', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const SHIPMENT_LINE_FIELDS = fieldsOf<ShipmentLine>()('productId', 'productCode', 'productName', 'unit', 'quantity');

const base = defineEntity<Shipment>({
  name: 'Shipment',
  fields: SHIPMENT_FIELDS,
  keyOf: (shipment) => shipmentKeys.item(shipment.orderId, shipment.id),
  indexesOf: (shipment) =>
    shipment.status === 'in_transit'
      ? {
          [shipmentKeys.inTransitByCustomer.pkAttribute]: shipmentKeys.inTransitByCustomer.pk(shipment.customerId),
          [shipmentKeys.inTransitByCustomer.skAttribute]: shipmentKeys.transitSortKey(shipment.shippedAt, shipment.id),
        }
      : {},
});

export const shipmentEntity = {
  ...base,
  fromItem: (item: Item): Shipment => {
    const shipment = base.fromItem(item);
    return Array.isArray(shipment.lines)
      ? { ...shipment, lines: shipment.lines.map((line) => pickFields<ShipmentLine>(line as unknown as Item, SHIPMENT_LINE_FIELDS)) }
      : shipment;
  },
};
