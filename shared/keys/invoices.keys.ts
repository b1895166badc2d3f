import { indexKey } from '#shared/db/index-key';
import { orderKeys } from './orders.keys';

/**
 * Keys of invoices (开票信息, functions/orders/invoices/; docs/data-model.md, "Invoices"). An invoice sits in its
 * order's item collection (`ORDER#<orderId>` / `INVOICE#<invoiceId>`); every invoice (issued or void) is also on gsi1
 * under its customer (`INVOICE#CUSTOMER#<customerId>`, by issue date): the customer 360 view's one Query. The
 * partition starts with `INVOICE#`, apart from every other use of gsi1 (owners, quotes, shipments in transit …).
 */
export const invoiceKeys = {
  item: (orderId: string, invoiceId: string) => ({ pk: orderKeys.collection(orderId), sk: `INVOICE#${invoiceId}` }),
  prefix: 'INVOICE#',
  /** Sentinel that makes an invoice number unique across the company (kept when the invoice is voided: never reused). */
  uniqueNumber: (number: string) => ({ pk: `UNIQUE#INVOICE_NO#${number}`, sk: 'UNIQUE' }),
  byCustomer: indexKey('gsi1', 1, (customerId: string) => `INVOICE#CUSTOMER#${customerId}`),
  /** `<issuedAt>#<invoiceId>`. */
  customerSortKey: (issuedAt: string, invoiceId: string) => `${issuedAt}#${invoiceId}`,
} as const;
