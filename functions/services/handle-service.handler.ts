import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { handleService } from './handle-service.use-case';
import { serviceDependencies } from './service.container';
import { handleServiceBody, serviceIdParams, type HandleServiceInput } from './service.schema';

export const handleServiceHandler = middy<ApiEvent<HandleServiceInput, unknown, { serviceId: string }>, HttpResult>()
  .use(authorize('handleService'))
  .use(jsonBody())
  .use(validate({ params: serviceIdParams, body: handleServiceBody }))
  .handler(async (event) => {
    const service = await handleService(serviceDependencies(), {
      caller: callerOf(event),
      serviceId: event.crm.params.serviceId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(service, { version: service.version });
  });
