import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customFieldFilters, customFiltersOf } from '#shared/custom-fields/custom-values.middleware';
import { listFilterCodes } from './customer-codes.middleware';
import { customerDependencies } from './customer.container';
import { listCustomersQuery, type ListCustomersQuery } from './customer.schema';
import { listCustomers } from './list-customers.use-case';
import { syncCustomers } from './sync-customers.use-case';

export const listCustomersHandler = middy<ApiEvent<unknown, ListCustomersQuery>, HttpResult>()
  .use(authorize('listCustomers'))
  // `?custom.<key>=<code>` (select fields): taken out of the query before the strict schema sees it.
  .use(customFieldFilters('customer'))
  .use(validate({ query: listCustomersQuery }))
  // A filter code must be in its dictionary list (an inactive one still finds old records); a six-digit province or
  // city is a GB/T 2260 code (a Chinese customer's), anything else the free text of a customer abroad.
  .use(listFilterCodes)
  .handler(async (event) => {
    const { limit, cursor, updatedSince, ...query } = event.crm.query;
    const custom = customFiltersOf(event);
    const filters = { ...query, ...(custom.length > 0 ? { custom } : {}) };
    // The cursor is bound to `updatedSince` too: a feed's cursor cannot continue another window.
    const paging = pagingOf(event, { ...filters, ...(updatedSince ? { updatedSince } : {}) }, cursor);
    const page = { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) };
    if (updatedSince !== undefined) {
      const feed = await syncCustomers(customerDependencies(), { caller: callerOf(event), updatedSince, filters, page });
      const nextCursor = paging.nextCursor(feed.lastKey);
      // The next sync starts where this window ends — once its last page is read.
      return ok({ items: feed.items, nextCursor, ...(nextCursor === null ? { syncedUntil: feed.window.until } : {}) });
    }
    const listed = await listCustomers(customerDependencies(), { caller: callerOf(event), filters, page });
    return ok({ items: listed.items, nextCursor: paging.nextCursor(listed.lastKey) });
  });
