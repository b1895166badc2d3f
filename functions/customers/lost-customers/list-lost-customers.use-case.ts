import type { LostCustomerStatus } from '#shared/churn/churn.keys';
import { guardedRead } from '#shared/read-guard/customer-read-guard';
import type { Page, PageKey } from './lost-customer.ports';
import type { LostCustomer } from './lost-customer.schema';
import type { Caller, LostCustomerDependencies } from './lost-customer.dependencies';

/**
 * List lost-customer records, newest first, optionally of one status (warning, delaying, lost, recovered).
 *
 * Primary course: one Query of the status index (or of all records); an account manager's list is the Query of
 * their owner index, so it only ever holds records of customers they own.
 *
 * Guard: each record on the page counts as a customer-record read (charged `limit` concurrently, judged on the
 * items returned — shared/read-guard/customer-read-guard.ts).
 */
export const listLostCustomers = async (
  deps: LostCustomerDependencies,
  request: { caller: Caller; filters: { status?: LostCustomerStatus | undefined }; page: { limit: number; startKey?: PageKey } },
): Promise<Page<LostCustomer>> => {
  const { caller, filters } = request;
  const criteria = { ...(caller.scope === 'own' ? { ownerId: caller.username } : {}), ...(filters.status ? { status: filters.status } : {}) };
  return guardedRead(deps.readGuard, caller.username, request.page.limit, () => deps.lostCustomers.list(criteria, request.page), (page) => page.items.length);
};
