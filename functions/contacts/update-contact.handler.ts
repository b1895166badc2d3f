import { customValues } from '#shared/custom-fields/custom-values.middleware';
import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { contactDependencies } from './contact.container';
import { contactParams, updateContactBody, type UpdateContactInput } from './contact.schema';
import { updateContact } from './update-contact.use-case';

export const updateContactHandler = middy<ApiEvent<UpdateContactInput, unknown, { customerId: string; contactId: string }>, HttpResult>()
  .use(authorize('updateContact'))
  .use(jsonBody())
  .use(validate({ params: contactParams, body: updateContactBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>).
  .use(customValues('contact', 'update'))
  .handler(async (event) => {
    const contact = await updateContact(contactDependencies(), {
      caller: callerOf(event),
      ...event.crm.params,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(contact, { version: contact.version });
  });
