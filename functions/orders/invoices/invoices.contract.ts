import type { RouteContract } from '#shared/http/contract';
import { createInvoiceBody, invoiceIdParams, invoiceListSchema, invoiceSchema, listInvoicesQuery, orderInvoicesParams, voidInvoiceBody } from './invoice.schema';

const invoice = { description: 'The invoice: number, type, tax rate, amounts to the fen, the buyer’s details as copied at issue', schema: invoiceSchema, name: 'Invoice' };

/** The contracts of the invoice routes (served by the orders function; see shared/http/contract.ts). */
export const invoicesContracts = {
  listInvoices: {
    params: orderInvoicesParams,
    query: listInvoicesQuery,
    responses: { 200: { description: "A page of the order's invoices (issued and void), oldest first", schema: invoiceListSchema, name: 'InvoiceList' } },
  },
  createInvoice: {
    params: orderInvoicesParams,
    body: createInvoiceBody,
    bodyName: 'CreateInvoiceRequest',
    // An action on the order (If-Match: its version) that creates a record, so it takes an Idempotency-Key too.
    idempotencyKey: true,
    responses: { 201: { ...invoice, description: 'The invoice issued; `orderVersion` is the order’s new version' } },
    // 409: a cancelled order; over the order total net of credit notes and of the invoices not voided; a special
    // invoice without the customer's tax number; a number in use.
    problems: [409],
  },
  voidInvoice: {
    params: invoiceIdParams,
    body: voidInvoiceBody,
    bodyName: 'VoidInvoiceRequest',
    responses: { 200: { ...invoice, description: 'The invoice, void' } },
    // 409: void already.
    problems: [409],
  },
} satisfies Record<string, RouteContract>;
