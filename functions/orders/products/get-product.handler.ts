import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { getProduct } from './get-product.use-case';
import { ordersDependencies } from '#functions/orders/orders.container';
import { productIdParams } from './product.schema';

export const getProductHandler = middy<ApiEvent<unknown, unknown, { productId: string }>, HttpResult>()
  .use(authorize('getProduct'))
  .use(validate({ params: productIdParams }))
  .handler(async (event) => {
    const product = await getProduct(ordersDependencies(), { productId: event.crm.params.productId, viewer: event.crm.principal.role });
    return ok(product, { version: product.version });
  });
