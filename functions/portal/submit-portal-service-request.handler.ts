import middy from '@middy/core';
import { submitPortalService } from '#functions/services/portal-service.use-case';
import { jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { created, type HttpResult } from '#shared/http/responses';
import { portalIdempotencyOf } from './portal-request';
import { portalServiceDependencies } from './portal-services.container';
import { portalActorOf } from './portal-session';
import { portalSession, sessionOf } from './portal-session.middleware';
import { portalServiceOf } from './portal-service.view';
import { submitPortalServiceBody, type SubmitPortalServiceInput } from './portal-service.schema';

export const submitPortalServiceHandler = middy<ApiEvent<SubmitPortalServiceInput>, HttpResult>()
  .use(portalSession())
  .use(jsonBody({ maxBytes: 16 * 1024 }))
  .use(validate({ body: submitPortalServiceBody }))
  .handler(async (event) => {
    const { user } = sessionOf(event);
    const actor = portalActorOf(user);
    const idempotency = portalIdempotencyOf(event, 'submitPortalServiceRequest', actor);
    const outcome = await submitPortalService(portalServiceDependencies(), {
      actor,
      customerId: user.customerId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const { service } = outcome;
    return created(portalServiceOf(service), {
      location: `/portal/v1/service-requests/${service.id}`,
      version: service.version,
      replayed: outcome.kind === 'replayed',
    });
  });
