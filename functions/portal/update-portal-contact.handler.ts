import middy from '@middy/core';
import { contactDependencies } from '#functions/contacts/contact.container';
import { expectedVersionFrom } from '#shared/http/etag';
import { jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { portalSession, sessionOf } from './portal-session.middleware';
import { portalContactOf } from './portal-contact.view';
import { updatePortalContactBody, type UpdatePortalContactInput } from './portal-contact.schema';
import { updatePortalContact } from './update-portal-contact.use-case';

export const updatePortalContactHandler = middy<ApiEvent<UpdatePortalContactInput>, HttpResult>()
  .use(portalSession())
  .use(jsonBody({ maxBytes: 16 * 1024 }))
  .use(validate({ body: updatePortalContactBody }))
  .handler(async (event) => {
    const contact = await updatePortalContact(contactDependencies(), {
      session: sessionOf(event),
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(portalContactOf(contact), { version: contact.version });
  });
