import type { Reminder } from './reminder';

/**
 * The reminders of opportunity plan steps (docs/data-model.md, "Plan steps due"). Derived from the step's stored
 * fields only, so the write that reschedules or completes a step computes the same key to delete without reading
 * it. Who is told is decided at delivery: the opportunity's assignee as stored then (functions/jobs/
 * reminder-targets.rules.ts), so a reassignment, a win or a loss needs no write to the reminder. No AWS import here.
 */

/** A step planned for a day (no time) is due at 01:00Z of that day (09:00 in Beijing), as care reminders are. */
export const planStepDueAt = (plannedAt: string): string =>
  plannedAt.length === 10 ? `${plannedAt}T01:00:00.000Z` : new Date(plannedAt).toISOString();

/** What a plan-step reminder needs of the step (functions/opportunities/plan-steps/plan-step.entity.ts). */
export interface PlanStepSource {
  readonly id: string;
  readonly opportunityId: string;
  readonly plannedAt: string;
  readonly action: string;
  readonly remindAt?: string | undefined;
  readonly result?: string | undefined;
  readonly assigneeId?: string | undefined;
}

/** `<opportunityId>/<stepId>`: the job needs both to read the step back. */
export const planStepSourceId = (opportunityId: string, stepId: string): string => `${opportunityId}/${stepId}`;

export const planStepOfSourceId = (sourceId: string): { opportunityId: string; stepId: string } | undefined => {
  const [opportunityId, stepId, ...rest] = sourceId.split('/');
  return opportunityId && stepId && rest.length === 0 ? { opportunityId, stepId } : undefined;
};

/** The pending reminder of an open step with a reminder time; none once it has a result. */
export const planStepReminderOf = (step: PlanStepSource): Reminder | undefined =>
  step.remindAt && step.result === undefined && step.assigneeId
    ? {
        remindAt: step.remindAt,
        kind: 'plan-step',
        sourceId: planStepSourceId(step.opportunityId, step.id),
        recipientId: step.assigneeId,
        title: `Plan step due: ${step.action.slice(0, 200)}`,
        dueAt: planStepDueAt(step.plannedAt),
        path: `/v1/opportunities/${step.opportunityId}/plan-steps`,
      }
    : undefined;

/** The key of a step's reminder, whether or not one is pending (a Delete of a missing item is harmless). */
export const planStepReminderPlace = (step: PlanStepSource): Pick<Reminder, 'remindAt' | 'kind' | 'sourceId'> | undefined =>
  step.remindAt ? { remindAt: step.remindAt, kind: 'plan-step', sourceId: planStepSourceId(step.opportunityId, step.id) } : undefined;
