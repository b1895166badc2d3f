import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { orderIdParams, updateOrderBody, type UpdateOrderInput } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';
import { updateOrder } from './update-order.use-case';

export const updateOrderHandler = middy<ApiEvent<UpdateOrderInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('updateOrder'))
  .use(jsonBody())
  .use(validate({ params: orderIdParams, body: updateOrderBody }))
  .handler(async (event) => {
    const order = await updateOrder(ordersDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(order, { version: order.version });
  });
