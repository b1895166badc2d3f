import { customerKeys } from '#shared/keys/customer.keys';

/**
 * The ordered customer lists' index attributes on the CUSTOMER item (gsi7–gsi12), declared once: every write that
 * creates a customer, moves its owner, its `updatedAt` or its `lastOrderAt` — whatever feature it is in (customers,
 * lost customers, orders, a won opportunity) — takes them from here, in the same write.
 * docs/data-model.md, "Sorted customer lists and the delta feed", explains the indexes.
 */

export const CUSTOMER_SORT_FIELDS = ['createdAt', 'updatedAt', 'lastOrderAt'] as const;
export type CustomerSortField = (typeof CUSTOMER_SORT_FIELDS)[number];

/** The index of each order, per scope: an owner's customers, or all of them. */
export const CUSTOMER_SORT_INDEXES = {
  owner: { createdAt: customerKeys.byOwnerCreated, updatedAt: customerKeys.byOwnerUpdated, lastOrderAt: customerKeys.byOwnerLastOrder },
  all: { createdAt: customerKeys.byCreated, updatedAt: customerKeys.byUpdated, lastOrderAt: customerKeys.byLastOrder },
} as const;

const bothScopes = (field: CustomerSortField) => [CUSTOMER_SORT_INDEXES.owner[field], CUSTOMER_SORT_INDEXES.all[field]] as const;
const OWNER_INDEXES = Object.values(CUSTOMER_SORT_INDEXES.owner);
const ALL_INDEXES = Object.values(CUSTOMER_SORT_INDEXES.all);

/** Every attribute of the ordered lists: removed together when a customer is archived (it leaves every list). */
export const CUSTOMER_SORT_INDEX_ATTRIBUTES = [...OWNER_INDEXES, ...ALL_INDEXES].flatMap((index) => [index.pkAttribute, index.skAttribute]);

/** The sort-key attributes of one order (both scopes) for a new value of its field. */
export const sortKeySet = (field: CustomerSortField, customerId: string, at: string | undefined): Record<string, string> =>
  Object.fromEntries(bothScopes(field).map((index) => [index.skAttribute, customerKeys.timeSortKey(at, customerId)]));

/** The owner-scoped indexes' partition for a new owner (a transfer moves the customer into the new owner's lists). */
export const ownerSortSet = (ownerId: string): Record<string, string> =>
  Object.fromEntries(OWNER_INDEXES.map((index) => [index.pkAttribute, index.pk(ownerId)]));

/** Every ordered-list attribute of a customer written whole (create, a won opportunity's new customer). */
export const customerSortAttributesOf = (customer: {
  id: string;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  lastOrderAt?: string | undefined;
}): Record<string, string> => ({
  ...ownerSortSet(customer.ownerId),
  ...Object.fromEntries(ALL_INDEXES.map((index) => [index.pkAttribute, index.pk()])),
  ...sortKeySet('createdAt', customer.id, customer.createdAt),
  ...sortKeySet('updatedAt', customer.id, customer.updatedAt),
  ...sortKeySet('lastOrderAt', customer.id, customer.lastOrderAt),
});
