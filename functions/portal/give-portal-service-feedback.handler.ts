import middy from '@middy/core';
import { recordPortalServiceFeedback } from '#functions/services/portal-service.use-case';
import { expectedVersionFrom } from '#shared/http/etag';
import { jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { portalServiceDependencies } from './portal-services.container';
import { portalActorOf } from './portal-session';
import { portalSession, sessionOf } from './portal-session.middleware';
import { portalServiceOf } from './portal-service.view';
import { portalServiceFeedbackBody, portalServiceParams } from './portal-service.schema';
import type { ServiceFeedbackInput } from '#functions/services/service.schema';

export const givePortalServiceFeedbackHandler = middy<ApiEvent<ServiceFeedbackInput, unknown, { serviceId: string }>, HttpResult>()
  .use(portalSession())
  .use(jsonBody({ maxBytes: 16 * 1024 }))
  .use(validate({ params: portalServiceParams, body: portalServiceFeedbackBody }))
  .handler(async (event) => {
    const { user } = sessionOf(event);
    const service = await recordPortalServiceFeedback(portalServiceDependencies(), {
      actor: portalActorOf(user),
      customerId: user.customerId,
      serviceId: event.crm.params.serviceId,
      expectedVersion: expectedVersionFrom(event.headers),
      input: event.crm.body,
    });
    return ok(portalServiceOf(service), { version: service.version });
  });
