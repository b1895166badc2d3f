import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { customerSearchDependencies } from './customer-search.container';
import { searchCustomersQuery, type SearchCustomersQuery } from './customer-search.schema';
import { searchCustomers } from './search-customers.use-case';

export const searchCustomersHandler = middy<ApiEvent<unknown, SearchCustomersQuery>, HttpResult>()
  .use(authorize('searchCustomers'))
  .use(validate({ query: searchCustomersQuery }))
  .handler(async (event) => ok(await searchCustomers(customerSearchDependencies(), { caller: callerOf(event), query: event.crm.query })));
