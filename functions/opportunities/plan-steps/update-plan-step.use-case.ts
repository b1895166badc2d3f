import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PlanStep, UpdatePlanStepInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { actorOf, type Caller, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { assigneeScopeOf, ensureGuard } from '#functions/opportunities/opportunity/opportunity.rules';

/**
 * Record the result of a plan step.
 *
 * Primary course: the opportunity and the step are read together; the opportunity is assigned (account
 * managers: to them) and the step is at the version the caller read (If-Match). One transaction re-checks the
 * opportunity and writes the result (version + 1).
 *
 * Alternates: opportunity missing or not assigned to the caller → 404; step missing → 404; unassigned, won or
 * lost → 409; stale If-Match → 412.
 */
export const updatePlanStep = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; stepId: string; input: UpdatePlanStepInput; expectedVersion: number },
): Promise<PlanStep> => {
  const { caller, opportunityId, stepId } = request;
  const guard = { statuses: ['assigned'] as const, assigneeScope: assigneeScopeOf(caller) };
  const { opportunity, step } = await deps.opportunities.getStep(opportunityId, stepId);
  ensureGuard(opportunityId, opportunity, guard);
  if (!step) throw new DomainError(ErrorCode.PlanStepNotFound, `Plan step ${stepId} does not exist.`);
  if (step.version !== request.expectedVersion) {
    throw new DomainError(
      ErrorCode.VersionConflict,
      `Plan step ${stepId} has changed since you read it (now version ${step.version}); read it again.`,
    );
  }
  return deps.opportunities.recordStepResult(step, request.input.result, guard, actorOf(caller, deps.clock.now()));
};
