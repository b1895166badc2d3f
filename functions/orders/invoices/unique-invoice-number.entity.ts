import { defineEntity } from '#shared/db/entity';
import { invoiceKeys } from '#shared/keys/invoices.keys';

/**
 * The sentinel that makes an invoice number unique across the company: written (`attribute_not_exists`) in the issue
 * transaction, it points at the invoice; kept when the invoice is voided (a number is never reused). The number itself
 * is in the key only.
 */
export const uniqueInvoiceNumberEntity = defineEntity<{ number: string; invoiceId: string }>({
  name: 'UniqueInvoiceNumber',
  fields: ['invoiceId'],
  keyOf: (sentinel) => invoiceKeys.uniqueNumber(sentinel.number),
});
