import middy from '@middy/core';
import { getPortalService } from '#functions/services/portal-service.use-case';
import { validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { portalServiceDependencies } from './portal-services.container';
import { portalSession, sessionOf } from './portal-session.middleware';
import { portalServiceWithHistoryOf } from './portal-service.view';
import { portalServiceParams } from './portal-service.schema';

export const getPortalServiceHandler = middy<ApiEvent<unknown, unknown, { serviceId: string }>, HttpResult>()
  .use(portalSession())
  .use(validate({ params: portalServiceParams }))
  .handler(async (event) => {
    const service = await getPortalService(portalServiceDependencies(), {
      customerId: sessionOf(event).user.customerId,
      serviceId: event.crm.params.serviceId,
    });
    return ok(portalServiceWithHistoryOf(service), { version: service.version });
  });
