import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { assignService } from './assign-service.use-case';
import { serviceDependencies } from './service.container';
import { assignServiceBody, serviceIdParams, type AssignServiceInput } from './service.schema';

export const assignServiceHandler = middy<ApiEvent<AssignServiceInput, unknown, { serviceId: string }>, HttpResult>()
  .use(authorize('assignService'))
  .use(jsonBody())
  .use(validate({ params: serviceIdParams, body: assignServiceBody }))
  .handler(async (event) => {
    const service = await assignService(serviceDependencies(), {
      caller: callerOf(event),
      serviceId: event.crm.params.serviceId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(service, { version: service.version });
  });
