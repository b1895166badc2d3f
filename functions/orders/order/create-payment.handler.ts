import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createPayment } from './create-payment.use-case';
import { createPaymentBody, orderIdParams, type CreatePaymentInput } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';

export const createPaymentHandler = middy<ApiEvent<CreatePaymentInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('createPayment'))
  .use(jsonBody())
  .use(validate({ params: orderIdParams, body: createPaymentBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createPayment(ordersDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    // The answer is the order with its new balance and payments; a payment has no route of its own.
    const order = outcome.value;
    return created(order, { location: `/v1/orders/${order.id}`, version: order.version, replayed: outcome.kind === 'replayed' });
  });
