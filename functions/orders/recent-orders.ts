import { RECENT_ORDER_FIELDS, type RecentOrder } from './order.schema';

/**
 * The customer's recent orders as the 360 view shows them, read from the projection item
 * (`sk = CUSTOMER#RECENT_ORDERS`, see shared/keys/orders.keys.ts): newest first by order date, then id.
 * Kept apart from the repository so that the customers function can read it without bundling the orders code.
 */
export const recentOrderSortKey = (order: Pick<RecentOrder, 'orderedAt' | 'id'>): string => `${order.orderedAt}#${order.id}`;

export const recentOrdersOf = (item: Record<string, unknown> | undefined): RecentOrder[] =>
  Object.values((item?.orders ?? {}) as Record<string, Record<string, unknown>>)
    .map(
      (entry) =>
        Object.fromEntries(RECENT_ORDER_FIELDS.filter((field) => entry[field] !== undefined).map((field) => [field, entry[field]])) as RecentOrder,
    )
    .sort((a, b) => (recentOrderSortKey(a) < recentOrderSortKey(b) ? 1 : -1));
