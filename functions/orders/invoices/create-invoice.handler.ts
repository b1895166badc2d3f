import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createInvoice } from './create-invoice.use-case';
import { invoicesDependencies } from './invoices.container';
import { createInvoiceBody, orderInvoicesParams, type CreateInvoiceInput } from './invoice.schema';

export const createInvoiceHandler = middy<ApiEvent<CreateInvoiceInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('createInvoice'))
  .use(jsonBody())
  .use(validate({ params: orderInvoicesParams, body: createInvoiceBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createInvoice(invoicesDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
      ...(idempotency ? { idempotency } : {}),
    });
    const invoice = outcome.value;
    return created(invoice, { location: `/v1/orders/${invoice.orderId}/invoices/${invoice.id}`, version: invoice.version, replayed: outcome.kind === 'replayed' });
  });
