import type { Outcome } from '#functions/opportunities/opportunity/opportunity.ports';
import type { CreatePlanStepInput, PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';
import { actorOf, claimOf, type Caller, type IdempotencyRequest, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { assigneeScopeOf } from '#functions/opportunities/opportunity/opportunity.rules';

/**
 * Add a dated step to an opportunity's development plan (客户开发计划).
 *
 * Primary course: the opportunity is assigned (account managers: to them); one transaction checks that and
 * writes the step into the opportunity's item collection (with the idempotency record, if any).
 *
 * Alternates: missing or not assigned to the caller → 404; unassigned, won or lost → 409 (a plan is worked while
 * the opportunity is assigned). The same Idempotency-Key with the same request replays the first answer.
 */
export const createPlanStep = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; input: CreatePlanStepInput; idempotency?: IdempotencyRequest },
): Promise<Outcome<PlanStep>> => {
  const { caller, opportunityId, input } = request;
  const now = deps.clock.now();
  const actor = actorOf(caller, now);
  const step: PlanStep = {
    id: deps.ids.next(),
    opportunityId,
    plannedAt: input.plannedAt,
    action: input.action,
    version: 1,
    createdAt: actor.at,
    createdBy: actor.username,
    updatedAt: actor.at,
    updatedBy: actor.username,
  };
  return deps.opportunities.addStep(
    step,
    { statuses: ['assigned'], assigneeScope: assigneeScopeOf(caller) },
    claimOf(request.idempotency, now),
  );
};
