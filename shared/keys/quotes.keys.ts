import { indexKey } from '#shared/db/index-key';

/**
 * Keys of quotations (报价, functions/orders/quotes/; docs/data-model.md, "Quotations"). The quote item uses gsi1
 * (a customer's quotes, newest first) and gsi2 (sent quotes by the moment they expire, the expiry job's Query);
 * both partitions start with `QUOTE#`, apart from the customer (gsi1, gsi2) and product (gsi2) uses of those indexes.
 */
export const quoteKeys = {
  /** The quote (header and lines) by id: one consistent GetItem. */
  item: (quoteId: string) => ({ pk: `QUOTE#${quoteId}`, sk: 'QUOTE' }),
  /** Sentinel that makes the quote number unique; written in the create transaction. */
  uniqueNo: (quoteNo: string) => ({ pk: `UNIQUE#QUOTE_NO#${quoteNo}`, sk: 'UNIQUE' }),
  /** A customer's quotes by creation time (`<createdAt>#<id>`), on every quote whatever its status. */
  byCustomer: indexKey('gsi1', 1, (customerId: string) => `QUOTE#CUSTOMER#${customerId}`),
  customerSortKey: (createdAt: string, quoteId: string) => `${createdAt}#${quoteId}`,
  /**
   * Sent quotes by expiry (`<expiresAt>#<id>`): set when a quote is sent, removed when it is accepted, rejected or
   * expired, so the daily job's Query reads exactly the quotes due (cost ∝ quotes due, never a Scan).
   */
  sentByExpiry: indexKey('gsi2', 2, () => 'QUOTE#SENT'),
  expirySortKey: (expiresAt: string, quoteId: string) => `${expiresAt}#${quoteId}`,
} as const;
