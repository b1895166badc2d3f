import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { contactLookupDependencies } from './contact-lookup.container';
import { findContactsQuery, type FindContactsQuery } from './contact-lookup.schema';
import { findContacts } from './find-contacts.use-case';

export const findContactsHandler = middy<ApiEvent<unknown, FindContactsQuery>, HttpResult>()
  .use(authorize('findContacts'))
  .use(validate({ query: findContactsQuery }))
  .handler(async (event) => ok(await findContacts(contactLookupDependencies(), { caller: callerOf(event), query: event.crm.query })));
