import type { Page, PageKey } from './opportunity.ports';
import type { PlanStep } from './opportunity.schema';
import type { Caller, OpportunityDependencies } from './opportunity.dependencies';
import { opportunityNotFound, visibleTo } from './opportunity.rules';

/**
 * List an opportunity's development plan, in the order the steps were added.
 *
 * Primary course: one Query over the opportunity's item collection returns the opportunity with the first
 * steps; the caller's scope is judged on it (account managers: assigned to them), then the steps are returned.
 *
 * Alternates: missing or out of scope → OpportunityNotFound (404).
 */
export const listPlanSteps = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<PlanStep>> => {
  const { opportunity, ...page } = await deps.opportunities.listSteps(request.opportunityId, request.page);
  if (!visibleTo(request.caller, opportunity)) throw opportunityNotFound(request.opportunityId);
  return page;
};
