import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { invoiceKeys } from '#shared/keys/invoices.keys';
import type { Invoice, InvoiceLine } from './invoice.schema';

/**
 * The invoice item (`pk = ORDER#<orderId>`, `sk = INVOICE#<invoiceId>`): number, type, tax rate and amounts, the
 * buyer's details copied at issue, declared once (docs/data-model.md, "Invoices"). Always on gsi1 under its customer
 * (`INVOICE#CUSTOMER#<customerId>`, `<issuedAt>#<id>`), issued or void: the 360 view's newest invoices.
 */
export const INVOICE_FIELDS = fieldsOf<Invoice>()(
  'id', 'number', 'orderId', 'orderNo', 'customerId', 'type', 'status', 'taxRate', 'amount', 'netAmount', 'taxAmount',
  'issuedAt', 'lines', 'buyer', 'voidedAt', 'voidReason', 'orderVersion', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const INVOICE_LINE_FIELDS = fieldsOf<InvoiceLine>()('productId', 'productCode', 'productName', 'unit', 'quantity', 'amount');

const base = defineEntity<Invoice>({
  name: 'Invoice',
  fields: INVOICE_FIELDS,
  keyOf: (invoice) => invoiceKeys.item(invoice.orderId, invoice.id),
  indexesOf: (invoice) => ({
    [invoiceKeys.byCustomer.pkAttribute]: invoiceKeys.byCustomer.pk(invoice.customerId),
    [invoiceKeys.byCustomer.skAttribute]: invoiceKeys.customerSortKey(invoice.issuedAt, invoice.id),
  }),
});

export const invoiceEntity = {
  ...base,
  fromItem: (item: Item): Invoice => {
    const invoice = base.fromItem(item);
    return Array.isArray(invoice.lines)
      ? { ...invoice, lines: invoice.lines.map((line) => pickFields<InvoiceLine>(line as unknown as Item, INVOICE_LINE_FIELDS)) }
      : invoice;
  },
};
