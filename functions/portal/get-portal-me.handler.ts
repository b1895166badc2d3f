import middy from '@middy/core';
import type { ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { getPortalMe } from './get-portal-me.use-case';
import { portalDependencies } from './portal.container';
import { portalSession, sessionOf } from './portal-session.middleware';

export const getPortalMeHandler = middy<ApiEvent, HttpResult>()
  .use(portalSession())
  .handler(async (event) => {
    const me = await getPortalMe(portalDependencies(), sessionOf(event));
    // The contact's version as the ETag: the If-Match of PATCH /portal/v1/me/contact.
    return ok(me, me.contact ? { version: me.contact.version } : {});
  });
