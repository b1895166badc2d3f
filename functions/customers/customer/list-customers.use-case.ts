import { DomainError, ErrorCode } from '#shared/core/errors';
import { searchPrefixOf } from '#shared/core/search-key';
import type { CustomFieldFilter } from '#shared/custom-fields/custom-field';
import { guardedRead } from '#shared/read-guard/customer-read-guard';
import type { AttributeFilter, CustomerListCriteria, Page, PageKey } from './customer.ports';
import type { Customer, CustomerSort } from './customer.schema';
import type { Caller, CustomerDependencies } from './customer.dependencies';

export interface CustomerFilters {
  q?: string | undefined;
  sort?: CustomerSort | undefined;
  ownerId?: string | undefined;
  level?: string | undefined;
  region?: string | undefined;
  status?: string | undefined;
  custom?: readonly CustomFieldFilter[] | undefined;
  industry?: string | undefined;
  source?: string | undefined;
  type?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  tags?: readonly string[] | undefined;
}

/** The filters that are a condition on one attribute (no index serves them): equal to the value given. */
const EQUALITY_FILTERS = ['industry', 'source', 'type', 'province', 'city'] as const;

/** The filters no index serves, as attribute conditions; a custom select field joins here as `['custom', key]`. */
export const attributeFiltersOf = (filters: CustomerFilters): AttributeFilter[] => [
  ...EQUALITY_FILTERS.flatMap((field) => {
    const value = filters[field];
    return value === undefined ? [] : [{ path: [field], op: 'equals' as const, value }];
  }),
  ...(filters.tags ?? []).map((tag) => ({ path: ['tags'], op: 'contains' as const, value: tag })),
];

const isNameOrder = (sort: CustomerSort | undefined): boolean => sort === undefined || sort === 'name' || sort === '-name';

/**
 * List customers, one page per call.
 *
 * Primary course: the sort and the filters select one index — a time order (`createdAt`, `updatedAt`,
 * `lastOrderAt`, either direction) its own index for the caller's scope (an owner's customers, or all); by name, the
 * most selective of owner, level, region, status, else all — and the name query becomes a prefix on its sort key;
 * the remaining filters are conditions on that one Query, which returns the page.
 *
 * Alternate: a name query with a time order → 400 naming `query.sort` (a search is read in name order).
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
  if (filters.q !== undefined && !isNameOrder(filters.sort)) {
    throw new DomainError(ErrorCode.ValidationFailed, 'A name search is listed in name order.', {
      errors: [{ path: 'query.sort', message: 'Only name or -name with q.' }],
    });
  }
  if (caller.scope === 'own' && filters.ownerId !== undefined && filters.ownerId !== caller.username) {
    return { items: [] };
  }
  const attributeFilters = attributeFiltersOf(filters);
  const criteria: CustomerListCriteria = {
    ...(caller.scope === 'own' ? { ownerId: caller.username } : filters.ownerId ? { ownerId: filters.ownerId } : {}),
    ...(filters.level ? { level: filters.level } : {}),
    ...(filters.region ? { region: filters.region } : {}),
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.q ? { search: searchPrefixOf(filters.q) } : {}),
    ...(filters.custom && filters.custom.length > 0 ? { custom: filters.custom } : {}),
    ...(filters.sort ? { sort: filters.sort } : {}),
    ...(attributeFilters.length > 0 ? { filters: attributeFilters } : {}),
  };
  return guardedRead(deps.readGuard, caller.username, request.page.limit, () => deps.customers.list(criteria, request.page), (page) => page.items.length);
};
