import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { fieldsHiddenFrom } from '#shared/auth/field-visibility';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { auditDependencies } from './audit.container';
import { listAuditQuery, type ListAuditQuery } from './audit.schema';
import { listAuditEntries } from './list-audit-entries.use-case';

export const listAuditEntriesHandler = middy<ApiEvent<unknown, ListAuditQuery>, HttpResult>()
  .use(authorize('listAuditEntries'))
  .use(validate({ query: listAuditQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listAuditEntries(auditDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, startKey: paging.startKey },
      hiddenFields: fieldsHiddenFrom(event.crm.principal.role),
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
