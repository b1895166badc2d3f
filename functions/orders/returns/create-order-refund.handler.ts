import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { orderIdParams } from '#functions/orders/order/order.schema';
import { createOrderRefund } from './create-order-refund.use-case';
import { returnsDependencies } from './returns.container';
import { createOrderRefundBody, type CreateOrderRefundInput } from './return.schema';

export const createOrderRefundHandler = middy<ApiEvent<CreateOrderRefundInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('createOrderRefund'))
  .use(jsonBody())
  .use(validate({ params: orderIdParams, body: createOrderRefundBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createOrderRefund(returnsDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    // As a payment: the answer is the order with its new figures, the refund among its payments (a negative amount).
    const order = outcome.value;
    return created(order, { location: `/v1/orders/${order.id}`, version: order.version, replayed: outcome.kind === 'replayed' });
  });
