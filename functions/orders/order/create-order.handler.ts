import { customValues } from '#shared/custom-fields/custom-values.middleware';
import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createOrder } from './create-order.use-case';
import { createOrderBody, customerOrdersParams, type CreateOrderInput } from './order.schema';
import { ordersDependencies } from '#functions/orders/orders.container';

export const createOrderHandler = middy<ApiEvent<CreateOrderInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('createOrder'))
  .use(jsonBody())
  .use(validate({ params: customerOrdersParams, body: createOrderBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>).
  .use(customValues('order', 'create'))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createOrder(ordersDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const order = outcome.value;
    return created(order, { location: `/v1/orders/${order.id}`, version: order.version, replayed: outcome.kind === 'replayed' });
  });
