import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getOrder } from './get-order.use-case';
import { orderIdParams } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';

export const getOrderHandler = middy<ApiEvent<unknown, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('getOrder'))
  .use(validate({ params: orderIdParams }))
  .handler(async (event) => {
    const order = await getOrder(ordersDependencies(), { caller: callerOf(event), orderId: event.crm.params.orderId });
    return ok(order, { version: order.version });
  });
