import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listLostCustomers } from './list-lost-customers.use-case';
import { lostCustomerDependencies } from './lost-customer.container';
import { listLostCustomersQuery, type ListLostCustomersQuery } from './lost-customer.schema';

export const listLostCustomersHandler = middy<ApiEvent<unknown, ListLostCustomersQuery>, HttpResult>()
  .use(authorize('listLostCustomers'))
  .use(validate({ query: listLostCustomersQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...filters } = event.crm.query;
    const paging = pagingOf(event, filters, cursor);
    const page = await listLostCustomers(lostCustomerDependencies(), {
      caller: callerOf(event),
      filters,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
