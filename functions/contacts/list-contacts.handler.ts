import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { contactDependencies } from './contact.container';
import { customerContactsParams, listContactsQuery, type ListContactsQuery } from './contact.schema';
import { listContacts } from './list-contacts.use-case';

export const listContactsHandler = middy<ApiEvent<unknown, ListContactsQuery, { customerId: string }>, HttpResult>()
  .use(authorize('listContacts'))
  .use(validate({ params: customerContactsParams, query: listContactsQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listContacts(contactDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
