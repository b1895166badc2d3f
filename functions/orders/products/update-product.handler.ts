import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { ordersDependencies } from '#functions/orders/orders.container';
import { productIdParams, updateProductBody, type UpdateProductInput } from './product.schema';
import { updateProduct } from './update-product.use-case';

export const updateProductHandler = middy<ApiEvent<UpdateProductInput, unknown, { productId: string }>, HttpResult>()
  .use(authorize('updateProduct'))
  .use(jsonBody())
  .use(validate({ params: productIdParams, body: updateProductBody }))
  .use(dictionaryCodes({ category: 'product-category' }))
  .handler(async (event) => {
    const product = await updateProduct(ordersDependencies(), {
      caller: callerOf(event),
      productId: event.crm.params.productId,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
      viewer: event.crm.principal.role,
    });
    return ok(product, { version: product.version });
  });
