import { defineEntity, fieldsOf } from '#shared/db/entity';
import { pickFields, type Item } from '#shared/db/item';
import { orderKeys } from '#shared/keys/orders.keys';
import type { RecentOrder } from './order.schema';

/**
 * The customer's newest orders as the 360 view shows them: ONE bounded item in the head of the customer's item
 * collection (`pk = CUSTOMER#<customerId>`, `sk = CUSTOMER#RECENT_ORDERS`, see shared/keys/orders.keys.ts), declared
 * once. `orders` maps order id → entry for the RECENT_ORDERS_LIMIT newest orders by order date; `revision` guards
 * the read-modify-write of a placement. Kept apart from the repositories (no AWS SDK, no zod at runtime) so that the
 * customers function reads it (`recentOrdersOf`) without bundling the orders code.
 */
export interface RecentOrdersItem {
  readonly customerId: string;
  readonly revision: number;
  readonly orders: Readonly<Record<string, RecentOrder>>;
}

export const RECENT_ORDER_FIELDS = fieldsOf<RecentOrder>()('id', 'orderNo', 'orderedAt', 'status', 'total', 'balance', 'paymentStatus');

export const recentOrdersEntity = defineEntity<RecentOrdersItem>({
  name: 'RecentOrders',
  fields: fieldsOf<RecentOrdersItem>()('customerId', 'revision', 'orders'),
  keyOf: (projection) => orderKeys.recent(projection.customerId),
});

/** Newest first by order date, then id. */
export const recentOrderSortKey = (order: Pick<RecentOrder, 'orderedAt' | 'id'>): string => `${order.orderedAt}#${order.id}`;

/** An order's entry in the projection. */
export const recentEntryOf = (order: RecentOrder): RecentOrder => pickFields<RecentOrder>(order as unknown as Item, RECENT_ORDER_FIELDS);

/** The entries of a projection item (absent: none), newest first, each with its declared fields only. */
export const recentOrdersOf = (item: Item | undefined): RecentOrder[] =>
  Object.values((item?.orders ?? {}) as Record<string, Item>)
    .map((entry) => pickFields<RecentOrder>(entry, RECENT_ORDER_FIELDS))
    .sort((a, b) => (recentOrderSortKey(a) < recentOrderSortKey(b) ? 1 : -1));
