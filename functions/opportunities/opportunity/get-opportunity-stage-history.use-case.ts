import type { Page, PageKey } from './opportunity.ports';
import type { StageMove } from './opportunity.schema';
import type { Caller, OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { opportunityNotFound, visibleTo } from './opportunity.rules';

/**
 * Read an opportunity's stage history (issue 20): every stage move — from, to, the probability it left, when, by
 * whom — oldest first.
 *
 * Primary course: the opportunity and one page of its moves are read together; the caller's scope is judged on the
 * opportunity (account managers: assigned to them), then the moves are returned.
 *
 * Alternates: missing or out of scope → OpportunityNotFound (404).
 */
export const getOpportunityStageHistory = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; page: { limit: number; startKey?: PageKey } },
): Promise<Page<StageMove>> => {
  const { opportunity, ...page } = await deps.opportunities.stageHistory(request.opportunityId, request.page);
  if (!visibleTo(request.caller, opportunity)) throw opportunityNotFound(request.opportunityId);
  return page;
};
