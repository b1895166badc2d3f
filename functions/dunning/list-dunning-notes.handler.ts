import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dunningDependencies } from './dunning.container';
import { listDunningNotesQuery, orderIdParams, type ListDunningNotesQuery } from './dunning.schema';
import { listDunningNotes } from './list-dunning-notes.use-case';

export const listDunningNotesHandler = middy<ApiEvent<unknown, ListDunningNotesQuery, { orderId: string }>, HttpResult>()
  .use(authorize('listDunningNotes'))
  .use(validate({ params: orderIdParams, query: listDunningNotesQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listDunningNotes(dunningDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
