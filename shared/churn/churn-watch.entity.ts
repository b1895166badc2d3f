import type { Item } from '#shared/db/item';
import type { UpdatePlan } from '#shared/db/update-expression';
import { churnKeys, churnShardOf } from './churn.keys';

/**
 * The churn watch's attributes on the CUSTOMER item, declared once (docs/data-model.md, "Lost customers and the
 * churn watch"): every write that puts a customer on the watch, takes it off or moves its date goes through this
 * module, and the daily job reads a watched customer through `watchedCustomerOf`.
 * - `gsi6pk` / `gsi6sk` (the watch index, sparse): present while the customer is watched;
 * - `churnWatchKey`: the watch sort key (`<lastOrderAt or createdAt>#<id>`), kept while the customer is off the
 *   watch so that a reactivation copies it back without a read;
 * - `churnStatus`: the status of the customer's current lost-customer record, if it has one.
 * None of them ever reaches an API answer (the customer entity's field list leaves them out).
 */

/** The watch index attributes: removed together when a customer leaves the watch. */
export const CHURN_WATCH_INDEX_ATTRIBUTES = [churnKeys.watch.pkAttribute, churnKeys.watch.skAttribute] as const;

/**
 * The watch attributes a customer item gets when it is written whole (create): watched when active.
 * `since` is the last order date, or the creation date for a customer that never ordered.
 */
export const churnWatchAttributesOf = (customer: {
  id: string;
  status: string;
  createdAt: string;
  lastOrderAt?: string | undefined;
}): Record<string, string> => {
  const watchKey = churnKeys.watchSortKey(customer.lastOrderAt ?? customer.createdAt, customer.id);
  return {
    [churnKeys.watchKeyAttribute]: watchKey,
    ...(customer.status === 'active'
      ? { [churnKeys.watch.pkAttribute]: churnKeys.watch.pk(churnShardOf(customer.id)), [churnKeys.watch.skAttribute]: watchKey }
      : {}),
  };
};

/**
 * Back on the watch with the key it kept (a reactivation): no read needed. If the customer is under an open
 * lost-customer record, the daily job takes it off again.
 */
export const rewatchPlan = (customerId: string): Required<Pick<UpdatePlan, 'set' | 'copy'>> => ({
  set: { [churnKeys.watch.pkAttribute]: churnKeys.watch.pk(churnShardOf(customerId)) },
  copy: { [churnKeys.watch.skAttribute]: churnKeys.watchKeyAttribute },
});

/** A customer as the watch index shows it: enough to open its record without reading it again. */
export interface WatchedCustomer {
  readonly id: string;
  readonly customerNo: string;
  readonly name: string;
  readonly ownerId: string;
  readonly status: string;
  readonly createdAt: string;
  readonly lastOrderAt?: string | undefined;
  /** The watch sort key read (`<since>#<id>`): every write is conditional on it, so a change meanwhile wins. */
  readonly watchKey: string;
  /** The status of the customer's current lost-customer record, if any. */
  readonly churnStatus?: string | undefined;
  readonly archived: boolean;
}

/** The attributes the job reads of a watched customer (the index projects ALL; less on the wire). */
export const WATCHED_CUSTOMER_ATTRIBUTES = [
  'pk', 'sk', 'id', 'customerNo', 'name', 'ownerId', 'status', 'createdAt', 'lastOrderAt', 'deletedAt',
  ...CHURN_WATCH_INDEX_ATTRIBUTES, churnKeys.statusAttribute,
] as const;

/** A CUSTOMER item (as the watch index or a GetItem returns it) as the job sees it. */
export const watchedCustomerOf = (item: Item): WatchedCustomer => ({
  id: String(item.id),
  customerNo: String(item.customerNo),
  name: String(item.name),
  ownerId: String(item.ownerId),
  status: String(item.status),
  createdAt: String(item.createdAt),
  ...(typeof item.lastOrderAt === 'string' ? { lastOrderAt: item.lastOrderAt } : {}),
  watchKey: String(item[churnKeys.watch.skAttribute]),
  ...(typeof item[churnKeys.statusAttribute] === 'string' ? { churnStatus: item[churnKeys.statusAttribute] as string } : {}),
  archived: item.deletedAt !== undefined,
});
