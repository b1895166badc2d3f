import { DomainError, ErrorCode } from '#shared/core/errors';
import { OPEN_STATUSES, type AssignOpportunityInput, type Opportunity } from './opportunity.schema';
import { actorOf, type Caller, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { ensureGuard, resolveAssignee } from './opportunity.rules';

/**
 * Assign an opportunity to an account manager, or reassign it (sales managers and admins).
 *
 * Primary course: the assignee is an enabled account manager (user directory); the opportunity is open and at
 * the version the caller read. One transaction moves it to `assigned` (version + 1), records the assignment
 * (from, to, by, at — the audit of reassignments) and, on the first assignment, moves its pipeline figures from
 * unassigned to assigned.
 *
 * Alternates: not an enabled account manager → InvalidAssignee (400); missing → 404; won or lost → 409;
 * already assigned to that user → 409; stale If-Match → 412. Two managers assigning at once with the same
 * If-Match: the write's version condition lets exactly one through; the other gets 409 or 412.
 */
export const assignOpportunity = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; input: AssignOpportunityInput; expectedVersion: number },
): Promise<Opportunity> => {
  const { opportunityId } = request;
  const [assignee, current] = await Promise.all([
    resolveAssignee(deps.directory, request.input.assigneeId),
    deps.opportunities.get(opportunityId),
  ]);
  const guard = { expectedVersion: request.expectedVersion, statuses: OPEN_STATUSES };
  ensureGuard(opportunityId, current, guard);
  if (current.assigneeId === assignee.assigneeId) {
    throw new DomainError(ErrorCode.InvalidTransition, `Opportunity ${opportunityId} is already assigned to ${assignee.assigneeId}.`);
  }
  return deps.opportunities.assign(current, assignee, guard, actorOf(request.caller, deps.clock.now()));
};
