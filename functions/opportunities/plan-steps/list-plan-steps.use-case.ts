import type { Page, PageKey } from '#functions/opportunities/opportunity/opportunity.ports';
import type { PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';
import type { Caller, OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { opportunityNotFound, visibleTo } from '#functions/opportunities/opportunity/opportunity.rules';

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
