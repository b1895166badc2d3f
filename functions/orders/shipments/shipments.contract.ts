import type { RouteContract } from '#shared/http/contract';
import {
  createShipmentBody,
  deliverShipmentBody,
  listShipmentsQuery,
  orderShipmentsParams,
  shipmentIdParams,
  shipmentListSchema,
  shipmentSchema,
} from './shipment.schema';

const shipment = { description: 'The shipment: carrier, tracking number, consignee and the lines shipped', schema: shipmentSchema, name: 'Shipment' };

/** The contracts of the shipment routes (served by the orders function; see shared/http/contract.ts). */
export const shipmentsContracts = {
  listShipments: {
    params: orderShipmentsParams,
    query: listShipmentsQuery,
    responses: { 200: { description: "A page of the order's shipments, oldest first", schema: shipmentListSchema, name: 'ShipmentList' } },
  },
  createShipment: {
    params: orderShipmentsParams,
    body: createShipmentBody,
    bodyName: 'CreateShipmentRequest',
    // An action on the order (If-Match: its version) that creates a record, so it takes an Idempotency-Key too.
    idempotencyKey: true,
    responses: { 201: { ...shipment, description: 'The shipment recorded (in transit); `orderVersion` is the order’s new version' } },
    // 409: a cancelled, delivered or wholly shipped order; more than ordered and not yet shipped.
    problems: [409],
  },
  deliverShipment: {
    params: shipmentIdParams,
    body: deliverShipmentBody,
    bodyName: 'DeliverShipmentRequest',
    responses: { 200: { ...shipment, description: 'The shipment, delivered' } },
    // 409: delivered already.
    problems: [409],
  },
} satisfies Record<string, RouteContract>;
