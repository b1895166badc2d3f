import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { quoteKeys } from '#shared/keys/quotes.keys';
import type { Quote, QuoteLine } from './quote.schema';

/**
 * The quote item (`pk = QUOTE#<id>`, `sk = QUOTE`): header and lines, declared once (docs/data-model.md,
 * "Quotations"). Every write puts the whole item, conditional on the version read, so its index attributes always
 * follow its status: on gsi1 under its customer always; on gsi2 (`QUOTE#SENT`, by expiry) while it is sent only.
 */
export const QUOTE_FIELDS = fieldsOf<Quote>()(
  'id', 'quoteNo', 'customerId', 'customerName', 'status', 'currency', 'lines', 'subtotal', 'discountTotal', 'total',
  'validUntil', 'expiresAt', 'terms', 'opportunityId', 'contactId', 'deliveryAddress', 'sentAt', 'acceptedAt', 'rejectedAt',
  'rejectReason', 'expiredAt', 'orderId', 'orderNo', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

/** A quote line, stored inside the quote item (`lines`). */
export const QUOTE_LINE_FIELDS = fieldsOf<QuoteLine>()(
  'lineNo', 'productId', 'productCode', 'productName', 'unit', 'quantity', 'unitPrice', 'discountPercent', 'discount', 'amount',
);

const base = defineEntity<Quote>({
  name: 'Quote',
  fields: QUOTE_FIELDS,
  keyOf: (quote) => quoteKeys.item(quote.id),
  indexesOf: (quote) => ({
    [quoteKeys.byCustomer.pkAttribute]: quoteKeys.byCustomer.pk(quote.customerId),
    [quoteKeys.byCustomer.skAttribute]: quoteKeys.customerSortKey(quote.createdAt, quote.id),
    ...(quote.status === 'sent'
      ? {
          [quoteKeys.sentByExpiry.pkAttribute]: quoteKeys.sentByExpiry.pk(),
          [quoteKeys.sentByExpiry.skAttribute]: quoteKeys.expirySortKey(quote.expiresAt, quote.id),
        }
      : {}),
  }),
});

export const quoteEntity = {
  ...base,
  fromItem: (item: Item): Quote => {
    const quote = base.fromItem(item);
    return Array.isArray(quote.lines) ? { ...quote, lines: quote.lines.map((line) => pickFields<QuoteLine>(line as unknown as Item, QUOTE_LINE_FIELDS)) } : quote;
  },
};

/** The sentinel that makes a quote number unique (written with `attribute_not_exists` in the create transaction). */
export const uniqueQuoteNoEntity = defineEntity<{ quoteNo: string; quoteId: string }>({
  name: 'UniqueQuoteNo',
  fields: ['quoteId'],
  keyOf: (sentinel) => quoteKeys.uniqueNo(sentinel.quoteNo),
});
