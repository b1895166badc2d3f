import { beforeEach, describe, expect, it } from 'vitest';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import type { Opportunity } from '#functions/opportunities/opportunity/opportunity.schema';
import { createPlanStep } from '#functions/opportunities/plan-steps/create-plan-step.use-case';
import { planStepEntity } from '#functions/opportunities/plan-steps/plan-step.entity';
import { updatePlanStep } from '#functions/opportunities/plan-steps/update-plan-step.use-case';
import { ErrorCode } from '#shared/core/errors';
import { planStepDueAt, planStepReminderOf } from '#shared/reminders/plan-step-reminder';
import { callers, newOpportunityInput, opportunityTestKit } from '#test/fakes/opportunity-test-kit';

/** Plan steps carry their reminder time and their place on the assignee's "plan steps due" (now: 2026-11-22T08:00Z). */
describe('plan-step reminders', () => {
  let kit: ReturnType<typeof opportunityTestKit>;
  let assigned: Opportunity;

  beforeEach(async () => {
    kit = opportunityTestKit();
    const created = await createOpportunity(kit.deps, { caller: callers.sales, input: newOpportunityInput() as never });
    assigned = await assignOpportunity(kit.deps, { caller: callers.sales, opportunityId: created.value.id, input: { assigneeId: 'am1' }, expectedVersion: 1 });
  });

  it('reminds the assignee when a future step is due, and lists it under them by due time', async () => {
    // Act
    const step = await createPlanStep(kit.deps, { caller: callers.sales, opportunityId: assigned.id, input: { plannedAt: '2026-12-01', action: 'Visit the plant' } });

    // Assess
    expect(step.value).toMatchObject({ remindAt: '2026-12-01T01:00:00.000Z', assigneeId: 'am1' });
    expect(planStepReminderOf(step.value)).toMatchObject({ kind: 'plan-step', recipientId: 'am1', sourceId: `${assigned.id}/${step.value.id}`, dueAt: '2026-12-01T01:00:00.000Z' });
    expect(planStepEntity.toItem(step.value)).toMatchObject({ gsi1pk: 'PLANSTEP#am1', gsi1sk: `2026-12-01T01:00:00.000Z#${assigned.id}#${step.value.id}` });
  });

  it('gives a step recorded after the fact no reminder, and refuses a reminder in the past or after the due time (400 body.remindAt)', async () => {
    // Act
    const past = await createPlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, input: { plannedAt: '2026-11-20', action: 'Called' } });
    const inThePast = createPlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, input: { plannedAt: '2026-11-20', action: 'Call', remindAt: '2026-11-19T08:00:00.000Z' } });
    const afterDue = createPlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, input: { plannedAt: '2026-12-01', action: 'Call', remindAt: '2026-12-02T00:00:00.000Z' } });

    // Assess
    expect(past.value.remindAt).toBeUndefined();
    expect(planStepReminderOf(past.value)).toBeUndefined();
    for (const refused of [inThePast, afterDue]) {
      await expect(refused).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.remindAt' }] } });
    }
    expect(kit.opportunities.steps.size).toBe(1);
  });

  it('moves the reminder on reschedule, withdraws it with the result, and refuses to reschedule a done step (409)', async () => {
    // Prepare
    const step = await createPlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, input: { plannedAt: '2026-12-01', action: 'Visit' } });

    // Act
    const moved = await updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, stepId: step.value.id, input: { plannedAt: '2026-12-03T06:00:00.000Z' }, expectedVersion: 1 });
    const earlier = await updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, stepId: step.value.id, input: { remindAt: '2026-12-02T09:00:00.000Z' }, expectedVersion: 2 });
    const done = await updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, stepId: step.value.id, input: { result: 'Met the CTO' }, expectedVersion: 3 });
    const again = updatePlanStep(kit.deps, { caller: callers.am1, opportunityId: assigned.id, stepId: step.value.id, input: { plannedAt: '2026-12-09' }, expectedVersion: 4 });

    // Assess
    expect(moved).toMatchObject({ plannedAt: '2026-12-03T06:00:00.000Z', remindAt: '2026-12-03T06:00:00.000Z', version: 2 });
    expect(planStepDueAt(moved.plannedAt)).toBe('2026-12-03T06:00:00.000Z');
    expect(earlier).toMatchObject({ remindAt: '2026-12-02T09:00:00.000Z', version: 3 });
    expect(done).toMatchObject({ result: 'Met the CTO', version: 4 });
    expect(done.assigneeId).toBeUndefined();
    expect(planStepReminderOf(done)).toBeUndefined();
    expect(planStepEntity.toItem(done).gsi1pk).toBeUndefined();
    await expect(again).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });
});
