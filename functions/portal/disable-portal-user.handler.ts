import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { disablePortalUser } from './disable-portal-user.use-case';
import { portalDependencies } from './portal.container';
import { portalUserParams } from './portal-user.schema';

export const disablePortalUserHandler = middy<ApiEvent<unknown, unknown, { customerId: string; portalUserId: string }>, HttpResult>()
  .use(authorize('disablePortalUser'))
  .use(validate({ params: portalUserParams }))
  .handler(async (event) => {
    const user = await disablePortalUser(portalDependencies(), {
      caller: callerOf(event),
      ...event.crm.params,
      expectedVersion: expectedVersionFrom(event.headers ?? {}),
    });
    return ok(user, { version: user.version });
  });
