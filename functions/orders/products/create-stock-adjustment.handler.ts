import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createStockAdjustment } from './create-stock-adjustment.use-case';
import { ordersDependencies } from '#functions/orders/orders.container';
import { productIdParams, stockAdjustmentBody, type StockAdjustmentInput } from './product.schema';

export const createStockAdjustmentHandler = middy<ApiEvent<StockAdjustmentInput, unknown, { productId: string }>, HttpResult>()
  .use(authorize('createStockAdjustment'))
  .use(jsonBody())
  .use(validate({ params: productIdParams, body: stockAdjustmentBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createStockAdjustment(ordersDependencies(), {
      caller: callerOf(event),
      productId: event.crm.params.productId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const adjustment = outcome.value;
    // No route reads one adjustment: the product, whose stock it changed, is the resource to read next.
    return created(adjustment, {
      location: `/v1/products/${adjustment.productId}`,
      version: adjustment.version,
      replayed: outcome.kind === 'replayed',
    });
  });
