import { searchPrefixOf } from '#shared/core/search-key';
import type { CustomerListCriteria, Page, PageKey } from './customer.model';
import type { Customer } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';

export interface CustomerFilters {
  q?: string | undefined;
  ownerId?: string | undefined;
  level?: string | undefined;
  region?: string | undefined;
  status?: string | undefined;
}

/**
 * List customers, one page per call.
 *
 * Primary course: the filters select one index (owner, level, region, status, else all by name) and the name
 * query becomes a prefix on its sort key; one Query returns the page.
 *
 * Rule: an account manager only ever sees their own customers — their own username is forced as the owner
 * filter, and asking for another owner's customers returns an empty page, never a wider one.
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
  };
  return deps.customers.list(criteria, request.page);
};
