import type { OpportunityListCriteria, Page, PageKey } from './opportunity.ports';
import type { Opportunity } from './opportunity.schema';
import type { Caller, OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';

export interface OpportunityFilters {
  status?: string | undefined;
  assigneeId?: string | undefined;
  source?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
}

/**
 * List opportunities, newest first, one page per call.
 *
 * Primary course: the filters select one index (assignee, status, source, else all) and the created-date range
 * becomes a range on its sort key; one Query returns the page.
 *
 * Rule: an account manager only ever sees the opportunities assigned to them — their username is forced as the
 * assignee filter, and asking for another assignee's returns an empty page, never a wider one.
 */
export const listOpportunities = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; filters: OpportunityFilters; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Opportunity>> => {
  const { caller, filters } = request;
  if (caller.scope === 'own' && filters.assigneeId !== undefined && filters.assigneeId !== caller.username) {
    return { items: [] };
  }
  const assigneeId = caller.scope === 'own' ? caller.username : filters.assigneeId;
  const criteria: OpportunityListCriteria = Object.fromEntries(
    Object.entries({ ...filters, assigneeId }).filter(([, value]) => value !== undefined),
  );
  return deps.opportunities.list(criteria, request.page);
};
