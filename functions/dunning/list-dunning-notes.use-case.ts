import type { Caller, DunningDependencies } from './dunning.dependencies';
import type { Page, PageKey } from './dunning.ports';
import { visibleOrder } from './dunning.rules';
import type { DunningNote } from './dunning.schema';

/**
 * An order's dunning notes, oldest first.
 *
 * Primary course: the order is read with its customer's owner (scope, as the order routes: 404 outside it), then one
 * Query over the order's item collection for its notes.
 */
export const listDunningNotes = async (
  deps: DunningDependencies,
  request: { caller: Caller; orderId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<DunningNote>> => {
  visibleOrder(request.caller, request.orderId, await deps.dunning.order(request.orderId));
  return deps.dunning.listNotes(request.orderId, request.page);
};
