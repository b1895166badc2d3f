import type { Opportunity } from './opportunity.schema';
import type { Caller, OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { opportunityNotFound, visibleTo } from './opportunity.rules';

/**
 * Read one opportunity.
 *
 * Primary course: the opportunity exists and is within the caller's scope (account managers: assigned to them)
 * → it is returned. Otherwise → OpportunityNotFound (404), whichever it was, so nothing leaks.
 */
export const getOpportunity = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string },
): Promise<Opportunity> => {
  const opportunity = await deps.opportunities.get(request.opportunityId);
  if (!visibleTo(request.caller, opportunity)) throw opportunityNotFound(request.opportunityId);
  return opportunity;
};
