import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { voidInvoice } from './void-invoice.use-case';
import { invoicesDependencies } from './invoices.container';
import { invoiceIdParams, voidInvoiceBody, type VoidInvoiceInput } from './invoice.schema';

export const voidInvoiceHandler = middy<ApiEvent<VoidInvoiceInput, unknown, { orderId: string; invoiceId: string }>, HttpResult>()
  .use(authorize('voidInvoice'))
  .use(jsonBody())
  .use(validate({ params: invoiceIdParams, body: voidInvoiceBody }))
  .handler(async (event) => {
    const invoice = await voidInvoice(invoicesDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      invoiceId: event.crm.params.invoiceId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(invoice, { version: invoice.version });
  });
