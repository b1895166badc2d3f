import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createShipment } from './create-shipment.use-case';
import { shipmentsDependencies } from './shipments.container';
import { createShipmentBody, orderShipmentsParams, type CreateShipmentInput } from './shipment.schema';

export const createShipmentHandler = middy<ApiEvent<CreateShipmentInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('createShipment'))
  .use(jsonBody())
  .use(validate({ params: orderShipmentsParams, body: createShipmentBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createShipment(shipmentsDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
      ...(idempotency ? { idempotency } : {}),
    });
    const shipment = outcome.value;
    return created(shipment, { location: `/v1/orders/${shipment.orderId}/shipments/${shipment.id}`, version: shipment.version, replayed: outcome.kind === 'replayed' });
  });
