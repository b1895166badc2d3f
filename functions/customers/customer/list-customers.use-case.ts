import { searchPrefixOf } from '#shared/core/search-key';
import type { CustomFieldFilter } from '#shared/custom-fields/custom-field';
import { guardedRead } from '#shared/read-guard/customer-read-guard';
import type { CustomerListCriteria, Page, PageKey } from './customer.ports';
import type { Customer } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';

export interface CustomerFilters {
  q?: string | undefined;
  ownerId?: string | undefined;
  level?: string | undefined;
  region?: string | undefined;
  status?: string | undefined;
  custom?: readonly CustomFieldFilter[] | undefined;
}

/**
 * List customers, one page per call.
 *
 * Primary course: the filters select one index (owner, level, region, status, else all by name) and the name
 * query becomes a prefix on its sort key; one Query returns the page.
 *
 * Rule: an account manager only ever sees their own customers — their own username is forced as the owner
 * filter, and asking for another owner's customers returns an empty page, never a wider one.
 *
 * Guard: every customer on the page counts for the read guard. The page is charged its `limit` while the Query
 * runs (concurrently), and judged on the items it returned (shared/read-guard/customer-read-guard.ts).
 */
export const listCustomers = async (
  deps: CustomerDependencies,
  request: { caller: Caller; filters: CustomerFilters; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Customer>> => {
  const { caller, filters } = request;
  if (caller.scope === 'own' && filters.ownerId !== undefined && filters.ownerId !== caller.username) {
    return { items: [] };
  }
  const criteria: CustomerListCriteria = {
    ...(caller.scope === 'own' ? { ownerId: caller.username } : filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.level ? { level: filters.level } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.q ? { search: searchPrefixOf(filters.q) } : {}),
    ...(filters.custom && filters.custom.length > 0 ? { custom: filters.custom } : {}),
  };
  return guardedRead(deps.readGuard, caller.username, request.page.limit, () => deps.customers.list(criteria, request.page), (page) => page.items.length);
};
