import middy from '@middy/core';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createProduct } from './create-product.use-case';
import { ordersDependencies } from '#functions/orders/orders.container';
import { createProductBody, type CreateProductInput } from './product.schema';

export const createProductHandler = middy<ApiEvent<CreateProductInput>, HttpResult>()
  .use(authorize('createProduct'))
  .use(jsonBody())
  .use(validate({ body: createProductBody }))
  // The category must be an active code of the product-category list (400 naming body.category otherwise).
  .use(dictionaryCodes({ category: 'product-category' }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createProduct(ordersDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      viewer: event.crm.principal.role,
      ...(idempotency ? { idempotency } : {}),
    });
    const product = outcome.value;
    return created(product, { location: `/v1/products/${product.id}`, version: product.version, replayed: outcome.kind === 'replayed' });
  });
