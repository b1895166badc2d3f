import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { importApiDependencies } from './imports.container';
import { importIdParams, listImportRowsQuery, type ListImportRowsQuery } from './import.schema';
import { listImportRows } from './list-import-rows.use-case';

export const listImportRowsHandler = middy<ApiEvent<unknown, ListImportRowsQuery, { importId: string }>, HttpResult>()
  .use(authorize('listImportRows'))
  .use(validate({ params: importIdParams, query: listImportRowsQuery }))
  .handler(async (event) => {
    const { limit, cursor, status } = event.crm.query;
    const paging = pagingOf(event, { status }, cursor);
    const page = await listImportRows(importApiDependencies(), {
      caller: callerOf(event),
      importId: event.crm.params.importId,
      status,
      limit,
      startKey: paging.startKey,
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
