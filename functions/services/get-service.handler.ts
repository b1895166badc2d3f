import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getService } from './get-service.use-case';
import { serviceDependencies } from './service.container';
import { serviceIdParams } from './service.schema';

export const getServiceHandler = middy<ApiEvent<unknown, unknown, { serviceId: string }>, HttpResult>()
  .use(authorize('getService'))
  .use(validate({ params: serviceIdParams }))
  .handler(async (event) => {
    const service = await getService(serviceDependencies(), {
      caller: callerOf(event),
      serviceId: event.crm.params.serviceId,
    });
    return ok(service, { version: service.version });
  });
