import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { contactDependencies } from './contact.container';
import { contactParams } from './contact.schema';
import { getContact } from './get-contact.use-case';

export const getContactHandler = middy<ApiEvent<unknown, unknown, { customerId: string; contactId: string }>, HttpResult>()
  .use(authorize('getContact'))
  .use(validate({ params: contactParams }))
  .handler(async (event) => {
    const contact = await getContact(contactDependencies(), { caller: callerOf(event), ...event.crm.params });
    return ok(contact, { version: contact.version });
  });
