import type { DuplicatePair } from '#shared/duplicates/duplicate-pair.entity';
import type { PageKey } from '#functions/customers/customer/customer.ports';
import type { DuplicatePairDependencies, PairCustomer } from './duplicates.ports';
import type { DuplicatePairView } from './duplicates.schema';

/** A pair as the API shows it, or undefined when one of its customers is gone or archived. */
export const pairViewOf = (pair: DuplicatePair, customers: ReadonlyMap<string, PairCustomer>): DuplicatePairView | undefined => {
  const shown = pair.customerIds.map((id) => customers.get(id));
  if (shown.some((customer) => customer === undefined || customer.archived)) return undefined;
  return {
    pairId: pair.pairId,
    customers: shown.map((customer) => {
      const { id, customerNo, name, ownerId, ownerName } = customer!;
      return { id, customerNo, name, ownerId, ownerName };
    }),
    matchedBy: [...pair.rules],
    status: pair.status,
    version: pair.version,
    detectedAt: pair.detectedAt,
    detectedBy: pair.detectedBy,
    ...(pair.dismissedAt ? { dismissedAt: pair.dismissedAt } : {}),
    ...(pair.dismissedBy ? { dismissedBy: pair.dismissedBy } : {}),
  };
};

/**
 * List the open duplicate pairs (managers: the route's capability says so), newest first.
 *
 * Primary course: one Query of the open pairs' index partition (no Scan), one BatchGetItem of their customers; a pair
 * whose customer was archived since is left out (the page may then hold fewer than `limit`; the cursor goes on).
 */
export const listDuplicatePairs = async (
  deps: DuplicatePairDependencies,
  request: { page: { limit: number; startKey?: PageKey } },
): Promise<{ items: DuplicatePairView[]; lastKey?: PageKey }> => {
  const page = await deps.pairs.listOpen(request.page);
  const customers = await deps.pairs.customers(page.items.flatMap((pair) => pair.customerIds));
  return {
    items: page.items.flatMap((pair) => pairViewOf(pair, customers) ?? []),
    ...(page.lastKey ? { lastKey: page.lastKey } : {}),
  };
};
