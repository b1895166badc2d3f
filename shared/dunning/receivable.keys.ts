import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the open-receivables index (docs/data-model.md, "Dunning"): one item per order with a balance left,
 * `pk = ORDER#<id>`, `sk = RECEIVABLE`, in the order's own item collection. It overloads gsi1 (by the owner of the
 * customer at placement) and gsi2 (all), both sorted by `<dueAt>#<orderId>`: the overdue balances are the start of
 * either partition, one Query per page. gsi3 (by customer) finds a customer's open receivables when it changes owner
 * (receivable-owner.repository.ts). Partition values start with `RECEIVABLE#`, so none collides with a customer's,
 * a product's or a task's.
 */
export const receivableKeys = {
  item: (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'RECEIVABLE' }),
  sortKey: (dueAt: string, orderId: string) => `${dueAt}#${orderId}`,
  byOwner: indexKey('gsi1', 1, (ownerId: string) => `RECEIVABLE#OWNER#${ownerId}`),
  all: indexKey('gsi2', 2, () => 'RECEIVABLE#ALL'),
  byCustomer: indexKey('gsi3', 3, (customerId: string) => `RECEIVABLE#CUSTOMER#${customerId}`),
} as const;
