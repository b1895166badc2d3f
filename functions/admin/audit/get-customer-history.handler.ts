import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { auditDependencies } from './audit.container';
import { customerHistoryParams, customerHistoryQuery, type CustomerHistoryQuery } from './audit.schema';
import { getCustomerHistory } from './get-customer-history.use-case';

export const getCustomerHistoryHandler = middy<ApiEvent<unknown, CustomerHistoryQuery, { customerId: string }>, HttpResult>()
  .use(authorize('getCustomerHistory'))
  .use(validate({ params: customerHistoryParams, query: customerHistoryQuery }))
  .handler(async (event) => {
    const { limit, cursor, ...range } = event.crm.query;
    const paging = pagingOf(event, range, cursor);
    const page = await getCustomerHistory(auditDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      range,
      page: { limit, startKey: paging.startKey },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
