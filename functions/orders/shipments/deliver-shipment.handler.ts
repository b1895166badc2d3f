import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { deliverShipment } from './deliver-shipment.use-case';
import { shipmentsDependencies } from './shipments.container';
import { deliverShipmentBody, shipmentIdParams, type DeliverShipmentInput } from './shipment.schema';

export const deliverShipmentHandler = middy<ApiEvent<DeliverShipmentInput, unknown, { orderId: string; shipmentId: string }>, HttpResult>()
  .use(authorize('deliverShipment'))
  .use(jsonBody())
  .use(validate({ params: shipmentIdParams, body: deliverShipmentBody }))
  .handler(async (event) => {
    const shipment = await deliverShipment(shipmentsDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      shipmentId: event.crm.params.shipmentId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(shipment, { version: shipment.version });
  });
