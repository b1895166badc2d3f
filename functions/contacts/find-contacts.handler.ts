import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { contactFeedDependencies, contactLookupDependencies } from './contact-lookup.container';
import { findContactsQuery, type FindContactsQuery } from './contact-lookup.schema';
import { findContacts } from './find-contacts.use-case';
import { syncContactsFeed } from './sync-contacts-feed.use-case';

export const findContactsHandler = middy<ApiEvent<unknown, FindContactsQuery>, HttpResult>()
  .use(authorize('findContacts'))
  .use(validate({ query: findContactsQuery }))
  .handler(async (event) => {
    const { updatedSince, cursor, limit, ownerId } = event.crm.query;
    if (updatedSince === undefined) return ok(await findContacts(contactLookupDependencies(), { caller: callerOf(event), query: event.crm.query }));
    // The contacts delta feed across customers; the cursor is bound to the window's start and the caller's scope.
    const paging = pagingOf(event, { updatedSince, ...(ownerId !== undefined ? { ownerId } : {}) }, cursor);
    const feed = await syncContactsFeed(contactFeedDependencies(), {
      caller: callerOf(event),
      updatedSince,
      ...(ownerId !== undefined ? { ownerId } : {}),
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    const nextCursor = paging.nextCursor(feed.lastKey);
    return ok({ items: feed.items, nextCursor, ...(nextCursor === null ? { syncedUntil: feed.window.until } : {}) });
  });
