import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { orderIdParams } from '#functions/orders/order/order.schema';
import { createOrderReturn } from './create-order-return.use-case';
import { returnsDependencies } from './returns.container';
import { createOrderReturnBody, type CreateOrderReturnInput } from './return.schema';

export const createOrderReturnHandler = middy<ApiEvent<CreateOrderReturnInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('createOrderReturn'))
  .use(jsonBody())
  .use(validate({ params: orderIdParams, body: createOrderReturnBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createOrderReturn(returnsDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
      ...(idempotency ? { idempotency } : {}),
    });
    // The return with its credit note; `orderVersion` is the order's new version (the If-Match of its next change).
    const orderReturn = outcome.value;
    return created(orderReturn, {
      location: `/v1/orders/${orderReturn.orderId}/returns`,
      version: orderReturn.version,
      replayed: outcome.kind === 'replayed',
    });
  });
