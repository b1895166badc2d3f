import middy from '@middy/core';
import { validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { getPortalOrder } from './portal-orders.use-case';
import { portalDependencies } from './portal.container';
import { portalSubFrom, portalToken } from './portal-session.middleware';
import { portalOrderOf } from './portal-order.view';
import { portalOrderParams } from './portal-order.schema';

/** The session and the order in one BatchGetItem: `portalToken()` checks the token, the use case the record. */
export const getPortalOrderHandler = middy<ApiEvent<unknown, unknown, { orderId: string }>, HttpResult>()
  .use(portalToken())
  .use(validate({ params: portalOrderParams }))
  .handler(async (event) => {
    const order = await getPortalOrder(portalDependencies(), { sub: portalSubFrom(event), orderId: event.crm.params.orderId });
    return ok(portalOrderOf(order), { version: order.version });
  });
