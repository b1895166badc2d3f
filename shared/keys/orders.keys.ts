import { indexKey } from '#shared/db/index-key';
import { customerKeys } from './customer.keys';

/**
 * Keys of the orders feature: products, stock adjustments, orders, payments and the report aggregates that
 * orders maintain (docs/data-model.md, section "Products, orders and payments", explains each).
 * The generic index attributes (gsiNpk/gsiNsk) are overloaded: customers use gsi1–gsi5 on the CUSTOMER item
 * only; the items below use gsi2 (products by name), gsi4 (orders by date), gsi5 (orders by status and date) and gsi11 (orders by change time, partition `ORDER`).
 */
export const productKeys = {
  /** Product item: description, price, stock on hand. */
  item: (productId: string) => ({ pk: `PRODUCT#${productId}`, sk: 'PRODUCT' }),
  /** Sentinel that makes the product code unique; written in the product's create transaction. */
  uniqueCode: (code: string) => ({ pk: `UNIQUE#PRODUCT_CODE#${code}`, sk: 'UNIQUE' }),
  /** Stock adjustments sit in the product's item collection, in time order (ULID). */
  adjustment: (productId: string, adjustmentId: string) => ({ pk: `PRODUCT#${productId}`, sk: `ADJUSTMENT#${adjustmentId}` }),
  adjustmentPrefix: 'ADJUSTMENT#',
  /** All products by search key (pinyin initials / normalised name), like customers. */
  sortKey: (searchKey: string, productId: string) => `${searchKey}#${productId}`,
  byName: indexKey('gsi2', 2, () => 'PRODUCT'),
} as const;

/** How many of a customer's newest orders the 360 view shows. */
export const RECENT_ORDERS_LIMIT = 20;

export const orderKeys = {
  /** The full order (header + lines) by id: one consistent GetItem; payments follow in the same collection. */
  item: (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
  collection: (orderId: string) => `ORDER#${orderId}`,
  payment: (orderId: string, paymentId: string) => ({ pk: `ORDER#${orderId}`, sk: `PAYMENT#${paymentId}` }),
  paymentPrefix: 'PAYMENT#',
  /** A return after delivery with its credit note (functions/orders/returns/), after the payments, in time order (ULID). */
  orderReturn: (orderId: string, returnId: string) => ({ pk: `ORDER#${orderId}`, sk: `RETURN#${returnId}` }),
  returnPrefix: 'RETURN#',
  /**
   * The order summary (header without lines) in the customer's item collection, sorted by order date, so that
   * a customer's orders and the customer 360 view are one Query over `pk = CUSTOMER#<id>`.
   */
  summary: (customerId: string, orderedAt: string, orderId: string) => ({
    pk: customerKeys.item(customerId).pk,
    sk: `ORDER#${orderedAt}#${orderId}`,
  }),
  summaryPrefix: 'ORDER#',
  /**
   * The customer's latest orders as ONE bounded item in the head of the customer's collection, so that the
   * customer 360 view (one Query over `ACTIVITY#` … `CUSTOMER#~`, see contact-activity.keys.ts) shows them:
   * `orders` maps order id → summary for the RECENT_ORDERS_LIMIT newest orders by order date; `revision` guards
   * its read-modify-write on placement.
   */
  recent: (customerId: string) => ({ pk: customerKeys.item(customerId).pk, sk: 'CUSTOMER#RECENT_ORDERS' }),
  recentSortKey: 'CUSTOMER#RECENT_ORDERS',
  /** Sentinel that makes the order number unique. */
  uniqueNo: (orderNo: string) => ({ pk: `UNIQUE#ORDER_NO#${orderNo}`, sk: 'UNIQUE' }),
  /** Both order indexes sort by order date, then id. */
  dateSortKey: (orderedAt: string, orderId: string) => `${orderedAt}#${orderId}`,
  byDate: indexKey('gsi4', 4, () => 'ORDER'),
  byStatus: indexKey('gsi5', 5, (status: string) => `ORDER#STATUS#${status}`),
  /** All orders by change time, the orders delta feed (gsi11 overloaded: customers use `CUSTOMER`). */
  byUpdated: indexKey('gsi11', 11, () => 'ORDER'),
  /**
   * An owner's orders by change time (gsi8 overloaded: customers use `OWNER#<id>`, contacts `CONTACT#OWNER#<id>`):
   * the account managers' orders feed. The placement sets the partition from the customer it read; a transfer moves
   * it (shared/customer-records/owner-feed.ts); the sort key moves with gsi11's (`feedAttributes`).
   */
  byOwnerUpdated: indexKey('gsi8', 8, (ownerId: string) => `ORDER#OWNER#${ownerId}`),
  /** `<updatedAt>#<orderId>`: the feed's sort key, moved by every write of the summary. */
  updatedSortKey: (updatedAt: string, orderId: string) => `${updatedAt}#${orderId}`,
  /** The feed's index attributes of a summary changed at `updatedAt`: every writer of the summary's updatedAt sets them. */
  feedAttributes: (orderId: string, updatedAt: string): Record<string, string> => ({
    gsi11pk: 'ORDER',
    gsi11sk: `${updatedAt}#${orderId}`,
    // The owner feed's sort key moves with it (its partition, gsi8pk, is the placement's and the transfer's).
    gsi8sk: `${updatedAt}#${orderId}`,
  }),
} as const;

/**
 * Report aggregates, updated with ADD in the same transaction as the order write (issue 7 reads them):
 * - order value and count per customer and year, with one pair of attributes per month on the same item, so a
 *   contribution report for a year or a month is one Query of the year's partition;
 * - outstanding receivables per customer: one Query of one partition.
 */
export const aggregateKeys = {
  customerOrderValue: (year: string, customerId: string) => ({
    pk: `AGG#CUSTOMER_ORDER_VALUE#${year}`,
    sk: `CUSTOMER#${customerId}`,
  }),
  customerOrderValuePartition: (year: string) => `AGG#CUSTOMER_ORDER_VALUE#${year}`,
  receivables: (customerId: string) => ({ pk: 'AGG#RECEIVABLES', sk: `CUSTOMER#${customerId}` }),
  receivablesPartition: 'AGG#RECEIVABLES',
  /** `orderValueM11`, `orderCountM11` … on the year item. */
  monthValueAttribute: (month: string) => `orderValueM${month}`,
  monthCountAttribute: (month: string) => `orderCountM${month}`,
  /** `outstandingD20261022`: the outstanding balance of the customer's orders placed that day (UTC), for ageing. */
  receivableDayAttribute: (orderedAt: string) => `outstandingD${orderedAt.slice(0, 10).replaceAll('-', '')}`,
  /** `dueD20261121`: the outstanding balance of the customer's orders due that day (UTC), for ageing by due date. */
  receivableDueDayAttribute: (dueAt: string) => `dueD${dueAt.slice(0, 10).replaceAll('-', '')}`,
} as const;
