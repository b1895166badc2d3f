import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { contactDependencies } from './contact.container';
import { customerContactsParams, listContactsQuery, type ListContactsQuery } from './contact.schema';
import { listContacts } from './list-contacts.use-case';
import { syncContacts } from './sync-contacts.use-case';
import { refuseWithFeed } from '#shared/customer-records/delta-sync';

export const listContactsHandler = middy<ApiEvent<unknown, ListContactsQuery, { customerId: string }>, HttpResult>()
  .use(authorize('listContacts'))
  .use(validate({ params: customerContactsParams, query: listContactsQuery }))
  .handler(async (event) => {
    const { limit, cursor, updatedSince } = event.crm.query;
    if (updatedSince !== undefined) {
      // The feed is one answer (≤ 50 live contacts and the deletions in the window): no cursor to follow.
      refuseWithFeed({ cursor }, ['cursor']);
      const feed = await syncContacts(contactDependencies(), { caller: callerOf(event), customerId: event.crm.params.customerId, updatedSince });
      return ok({ items: feed.items, nextCursor: null, syncedUntil: feed.window.until });
    }
    const paging = pagingOf(event, {}, cursor);
    const page = await listContacts(contactDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
