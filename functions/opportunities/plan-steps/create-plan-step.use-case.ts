import type { Outcome } from '#functions/opportunities/opportunity/opportunity.ports';
import type { CreatePlanStepInput, PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';
import { actorOf, claimOf, type Caller, type IdempotencyRequest, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { assigneeScopeOf, ensureGuard } from '#functions/opportunities/opportunity/opportunity.rules';
import { stepRemindAt } from './plan-step.rules';

/**
 * Add a dated step to an opportunity's development plan (客户开发计划).
 *
 * Primary course: the opportunity is read (1 GetItem) and is assigned (account managers: to them); the step is
 * listed under that assignee's "plan steps due" and gets a reminder (at `remindAt`, or when due if that is ahead;
 * the recipient is resolved at delivery). One transaction checks the header is still assigned to the same user,
 * raises its open-step counter and writes the step, its reminder and the idempotency record, if any.
 *
 * Alternates: missing or not assigned to the caller → 404; unassigned, won or lost → 409 (a plan is worked while
 * the opportunity is assigned); a reminder time in the past or after the step is due → 400 `body.remindAt`;
 * MAX_OPEN_PLAN_STEPS open steps already → 409 LimitReached. The same Idempotency-Key with the same request
 * replays the first answer.
 */
export const createPlanStep = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; input: CreatePlanStepInput; idempotency?: IdempotencyRequest },
): Promise<Outcome<PlanStep>> => {
  const { caller, opportunityId, input } = request;
  const now = deps.clock.now();
  const actor = actorOf(caller, now);
  const remindAt = stepRemindAt(input.plannedAt, input.remindAt, now);
  const read = { statuses: ['assigned'] as const, assigneeScope: assigneeScopeOf(caller) };
  const opportunity = await deps.opportunities.get(opportunityId);
  ensureGuard(opportunityId, opportunity, read);
  const step: PlanStep = {
    id: deps.ids.next(),
    opportunityId,
    plannedAt: input.plannedAt,
    action: input.action,
    ...(remindAt ? { remindAt } : {}),
    ...(opportunity.assigneeId ? { assigneeId: opportunity.assigneeId } : {}),
    version: 1,
    createdAt: actor.at,
    createdBy: actor.username,
    updatedAt: actor.at,
    updatedBy: actor.username,
  };
  return deps.opportunities.addStep(
    step,
    // Assigned to the user the step is listed under: a reassignment in between refuses the write.
    { statuses: ['assigned'], assigneeScope: opportunity.assigneeId },
    claimOf(request.idempotency, now),
  );
};
