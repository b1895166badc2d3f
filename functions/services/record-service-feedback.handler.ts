import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { recordServiceFeedback } from './record-service-feedback.use-case';
import { serviceDependencies } from './service.container';
import { serviceFeedbackBody, serviceIdParams, type ServiceFeedbackInput } from './service.schema';

export const recordServiceFeedbackHandler = middy<ApiEvent<ServiceFeedbackInput, unknown, { serviceId: string }>, HttpResult>()
  .use(authorize('recordServiceFeedback'))
  .use(jsonBody())
  .use(validate({ params: serviceIdParams, body: serviceFeedbackBody }))
  .handler(async (event) => {
    const service = await recordServiceFeedback(serviceDependencies(), {
      caller: callerOf(event),
      serviceId: event.crm.params.serviceId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(service, { version: service.version });
  });
