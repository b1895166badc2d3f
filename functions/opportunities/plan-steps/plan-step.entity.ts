import { defineEntity, fieldsOf } from '#shared/db/entity';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { planStepDueAt } from '#shared/reminders/plan-step-reminder';
import type { PlanStep } from '#functions/opportunities/opportunity/opportunity.schema';

/**
 * A step of an opportunity's development plan (`pk = OPPORTUNITY#<id>`, `sk = STEP#<stepId>`), in the item
 * collection of its opportunity, so the plan is one Query. docs/data-model.md, "Opportunities".
 */
export const PLAN_STEP_FIELDS = fieldsOf<PlanStep>()(
  'id', 'opportunityId', 'plannedAt', 'action', 'remindAt', 'assigneeId', 'result', 'resultAt', 'resultBy', 'version',
  'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

/** The "plan steps due" index (gsi1 `PLANSTEP#<assignee>`): only open steps of an assigned opportunity. */
const indexesOf = (step: Pick<PlanStep, 'id' | 'opportunityId' | 'plannedAt' | 'assigneeId' | 'result'>) => {
  const { stepsByAssignee, stepSortKey } = opportunityKeys;
  const listed = step.assigneeId !== undefined && step.result === undefined;
  return {
    [stepsByAssignee.pkAttribute]: listed ? stepsByAssignee.pk(step.assigneeId as string) : undefined,
    [stepsByAssignee.skAttribute]: listed ? stepSortKey(planStepDueAt(step.plannedAt), step.opportunityId, step.id) : undefined,
  };
};

export const planStepEntity = defineEntity<PlanStep>({
  name: 'PlanStep',
  fields: PLAN_STEP_FIELDS,
  keyOf: (step) => opportunityKeys.step(step.opportunityId, step.id),
  indexesOf,
});

/** The index attributes an Update must SET and REMOVE when a step goes from `before` to `after`. */
export const planStepIndexChanges = (before: PlanStep, after: PlanStep): { set: Record<string, string | number>; remove: string[] } => {
  const old = planStepEntity.indexAttributes(before);
  const next = planStepEntity.indexAttributes(after);
  return {
    set: Object.fromEntries(Object.entries(next).filter(([attribute, value]) => old[attribute] !== value)),
    remove: Object.keys(old).filter((attribute) => !(attribute in next)),
  };
};
