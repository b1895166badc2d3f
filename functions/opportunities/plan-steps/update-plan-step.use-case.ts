import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PlanStep, UpdatePlanStepInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { actorOf, type Caller, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { assigneeScopeOf, ensureGuard } from '#functions/opportunities/opportunity/opportunity.rules';
import { stepRemindAt } from './plan-step.rules';

/**
 * Record the result of a plan step, or reschedule it (`plannedAt`, `remindAt`).
 *
 * Primary course: the opportunity and the step are read together; the opportunity is assigned (account
 * managers: to them) and the step is at the version the caller read (If-Match). One transaction re-checks the
 * opportunity and writes the change (version + 1) with its reminder: a result withdraws it and takes the step off
 * the "plan steps due" (and lowers the header's open-step counter); a reschedule moves both — a new `plannedAt`
 * without `remindAt` reminds at the new due time when that is ahead.
 *
 * Alternates: opportunity missing or not assigned to the caller → 404; step missing → 404; unassigned, won or
 * lost → 409; rescheduling a step that has a result → 409; a reminder time in the past or after the step is due →
 * 400 `body.remindAt`; stale If-Match → 412.
 */
export const updatePlanStep = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; stepId: string; input: UpdatePlanStepInput; expectedVersion: number },
): Promise<PlanStep> => {
  const { caller, opportunityId, stepId, input } = request;
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
  const reschedules = input.plannedAt !== undefined || input.remindAt !== undefined;
  if (reschedules && step.result !== undefined) {
    throw new DomainError(ErrorCode.InvalidTransition, `Plan step ${stepId} has a result; it cannot be rescheduled.`);
  }
  const now = deps.clock.now();
  const actor = actorOf(caller, now);
  const plannedAt = input.plannedAt ?? step.plannedAt;
  const remindAt = reschedules ? stepRemindAt(plannedAt, input.remindAt, now) : step.remindAt;
  const next: PlanStep = {
    ...step,
    plannedAt,
    remindAt,
    ...(input.result !== undefined ? { result: input.result, resultAt: actor.at, resultBy: actor.username, assigneeId: undefined } : {}),
    version: step.version + 1,
    updatedAt: actor.at,
    updatedBy: actor.username,
  };
  return deps.opportunities.changeStep(step, withoutUndefined(next), guard, actor);
};

/** The step as stored: optional fields that are now absent are dropped, not carried as `undefined`. */
const withoutUndefined = (step: PlanStep): PlanStep =>
  Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined)) as PlanStep;
