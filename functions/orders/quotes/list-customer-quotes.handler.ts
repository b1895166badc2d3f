import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listCustomerQuotes } from './list-customer-quotes.use-case';
import { quotesDependencies } from './quotes.container';
import { customerQuotesParams, listCustomerQuotesQuery, type ListCustomerQuotesQuery } from './quote.schema';

export const listCustomerQuotesHandler = middy<ApiEvent<unknown, ListCustomerQuotesQuery, { customerId: string }>, HttpResult>()
  .use(authorize('listCustomerQuotes'))
  .use(validate({ params: customerQuotesParams, query: listCustomerQuotesQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listCustomerQuotes(quotesDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
