import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listShipments } from './list-shipments.use-case';
import { shipmentsDependencies } from './shipments.container';
import { listShipmentsQuery, orderShipmentsParams, type ListShipmentsQuery } from './shipment.schema';

export const listShipmentsHandler = middy<ApiEvent<unknown, ListShipmentsQuery, { orderId: string }>, HttpResult>()
  .use(authorize('listShipments'))
  .use(validate({ params: orderShipmentsParams, query: listShipmentsQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listShipments(shipmentsDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
