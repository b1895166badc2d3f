import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, pagingOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listInvoices } from './list-invoices.use-case';
import { invoicesDependencies } from './invoices.container';
import { listInvoicesQuery, orderInvoicesParams, type ListInvoicesQuery } from './invoice.schema';

export const listInvoicesHandler = middy<ApiEvent<unknown, ListInvoicesQuery, { orderId: string }>, HttpResult>()
  .use(authorize('listInvoices'))
  .use(validate({ params: orderInvoicesParams, query: listInvoicesQuery }))
  .handler(async (event) => {
    const { limit, cursor } = event.crm.query;
    const paging = pagingOf(event, {}, cursor);
    const page = await listInvoices(invoicesDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      page: { limit, ...(paging.startKey ? { startKey: paging.startKey } : {}) },
    });
    return ok({ items: page.items, nextCursor: paging.nextCursor(page.lastKey) });
  });
