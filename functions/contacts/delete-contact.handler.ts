import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { noContent, type HttpResult } from '#shared/http/responses';
import { contactDependencies } from './contact.container';
import { contactParams } from './contact.schema';
import { deleteContact } from './delete-contact.use-case';

export const deleteContactHandler = middy<ApiEvent<unknown, unknown, { customerId: string; contactId: string }>, HttpResult>()
  .use(authorize('deleteContact'))
  .use(validate({ params: contactParams }))
  .handler(async (event) => {
    await deleteContact(contactDependencies(), {
      caller: callerOf(event),
      ...event.crm.params,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return noContent();
  });
