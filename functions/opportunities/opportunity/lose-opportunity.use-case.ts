import type { LoseOpportunityInput, Opportunity } from './opportunity.schema';
import { actorOf, type Caller, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { assigneeScopeOf, ensureGuard } from './opportunity.rules';

/**
 * Lose an opportunity (开发失败), with the reason.
 *
 * Primary course: the opportunity is assigned (account managers: to them) and at the version the caller read;
 * one transaction moves it to `lost` (final) and its pipeline figures from assigned to lost.
 *
 * Alternates: missing or not assigned to the caller → 404; not assigned, or already won or lost → 409; stale
 * If-Match → 412.
 */
export const loseOpportunity = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; input: LoseOpportunityInput; expectedVersion: number },
): Promise<Opportunity> => {
  const { caller, opportunityId } = request;
  const guard = { expectedVersion: request.expectedVersion, statuses: ['assigned'] as const, assigneeScope: assigneeScopeOf(caller) };
  const current = await deps.opportunities.get(opportunityId);
  ensureGuard(opportunityId, current, guard);
  return deps.opportunities.lose(current, request.input.reason, guard, actorOf(caller, deps.clock.now()));
};
