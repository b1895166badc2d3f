import { defineEntity, fieldsOf } from '#shared/db/entity';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import type { PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';

/**
 * A step of an opportunity's development plan (`pk = OPPORTUNITY#<id>`, `sk = STEP#<stepId>`), in the item
 * collection of its opportunity, so the plan is one Query. docs/data-model.md, "Opportunities".
 */
export const PLAN_STEP_FIELDS = fieldsOf<PlanStep>()(
  'id', 'opportunityId', 'plannedAt', 'action', 'result', 'resultAt', 'resultBy', 'version', 'createdAt', 'createdBy',
  'updatedAt', 'updatedBy',
);

export const planStepEntity = defineEntity<PlanStep>({
  name: 'PlanStep',
  fields: PLAN_STEP_FIELDS,
  keyOf: (step) => opportunityKeys.step(step.opportunityId, step.id),
});
