import type { Page, PageKey, ServiceListCriteria } from './service.ports';
import type { Service } from './service.schema';
import type { Caller, ServiceDependencies } from './service.dependencies';
import { ownsCustomer } from './service.rules';

/**
 * List service requests, one page per call, newest first.
 *
 * Primary course: the filters pick one index (customer, assignee, status, type, else all by creation date); the
 * created-date range is a key condition on that index and the other filters apply to the same Query.
 *
 * Rule (account managers, scope `own`): a list never shows a request they may not read. Given `customerId` of a
 * customer they own, it lists every request of that customer; otherwise it lists the requests assigned to them
 * (their work queue) — asking for another assignee's returns an empty page, never a wider one.
 */
export const listServices = async (
  deps: ServiceDependencies,
  request: { caller: Caller; filters: ServiceListCriteria; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Service>> => {
  const { caller, filters, page } = request;
  if (caller.scope === 'all') return deps.services.list(filters, page);
  if (filters.customerId !== undefined && (await ownsCustomer(deps, caller, filters.customerId))) {
    return deps.services.list(filters, page);
  }
  if (filters.assigneeId !== undefined && filters.assigneeId !== caller.username) return { items: [] };
  return deps.services.list({ ...filters, assigneeId: caller.username }, page);
};
