import { builtInStages } from '#functions/opportunities/opportunity/stages';
import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#local/bootstrap-table';
import { backfillPlanSteps } from '#functions/jobs/plan-step-backfill';
import { DynamoDbReminderJobStore } from '#functions/jobs/reminder-job.repository';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { assignOpportunity } from '#functions/opportunities/opportunity/assign-opportunity.use-case';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import { loseOpportunity } from '#functions/opportunities/opportunity/lose-opportunity.use-case';
import type { OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { DynamoDbCustomFieldSource } from '#shared/custom-fields/custom-field-definitions.repository';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';
import type { CreateOpportunityInput, Opportunity } from '#functions/opportunities/opportunity/opportunity.schema';
import { createPlanStep } from '#functions/opportunities/plan-steps/create-plan-step.use-case';
import { MAX_OPEN_PLAN_STEPS } from '#functions/opportunities/plan-steps/plan-step.moves';
import { updatePlanStep } from '#functions/opportunities/plan-steps/update-plan-step.use-case';
import { dynamoDbCalendarRepository } from '#functions/workbench/calendar/calendar.repository';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { planStepReminderOf } from '#shared/reminders/plan-step-reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { fakeRecipients, recordingMailer } from '#test/fakes/in-memory-reminder-job';
import { callers, newOpportunityInput } from '#test/fakes/opportunity-test-kit';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/**
 * Plan steps on DynamoDB Local (clock 2026-11-22T08:00Z): the reminder written with the step, the "plan steps due"
 * index entry moved by a reassignment and removed by a result or a loss, and the job delivering to the assignee
 * as stored at delivery — or withdrawing the reminder of a lost opportunity.
 */
describe('plan-step reminders and "plan steps due" on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(1818));
  const tableName = `crm-int-plan-steps-${randomBytes(4).toString('hex')}`;
  const now = new Date('2026-11-22T08:00:00.000Z');
  let client: ReturnType<typeof createDocumentClient>;
  let admin: ReturnType<typeof ddbClient>;
  let deps: OpportunityDependencies;

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const assigned = async (assigneeId: string): Promise<Opportunity> => {
    const created = await createOpportunity(deps, { caller: callers.sales, input: newOpportunityInput() as CreateOpportunityInput });
    return assignOpportunity(deps, { caller: callers.sales, opportunityId: created.value.id, input: { assigneeId }, expectedVersion: 1 });
  };
  const dueFor = (userId: string) => dynamoDbCalendarRepository(client, tableName).planSteps.entries(userId, '2026-11-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z', 50);
  const jobAt = (at: string) => ({
    store: new DynamoDbReminderJobStore(client, tableName),
    directory: fakeRecipients({ am1: { name: 'am1', email: 'am1@example.com' }, am2: { name: 'am2', email: 'am2@example.com' } }),
    mailer: recordingMailer().mailer,
    clock: { now: () => new Date(at) },
    ids,
    settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100, maxMailsPerRun: 100 },
  });

  beforeAll(async () => {
    const info = useLocalStack();
    admin = ddbClient();
    await ensureTable(admin, tableName);
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    deps = { opportunities: new DynamoDbOpportunityRepository(client, tableName), directory: fakeUserDirectory(DEMO_DIRECTORY), clock: { now: () => now }, ids,
      duplicates: new DynamoDbDuplicateFinder(client, tableName), customFields: new DynamoDbCustomFieldSource(client, tableName), stages: builtInStages };
  });
  afterAll(async () => {
    await admin.send(new DeleteTableCommand({ TableName: tableName }));
    admin.destroy();
    client.destroy();
  });

  it('writes the reminder and the index entry with the step, moves the entry on reassignment, and delivers to the new assignee once', async () => {
    // Prepare
    const opportunity = await assigned('am1');
    const step = (await createPlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, input: { plannedAt: '2026-12-01', action: 'Visit the plant' } })).value;
    const reminder = planStepReminderOf(step)!;
    const before = { am1: await dueFor('am1'), header: await raw(opportunityKeys.item(opportunity.id)) };

    // Act
    await assignOpportunity(deps, { caller: callers.sales, opportunityId: opportunity.id, input: { assigneeId: 'am2' }, expectedVersion: 2 });
    const after = { am1: await dueFor('am1'), am2: await dueFor('am2') };
    const job = jobAt('2026-12-01T01:00:30.000Z');
    const runs = await Promise.all([runReminders(job, { since: '2026-12-01T00:59:00.000Z' }), runReminders(job, { since: '2026-12-01T00:59:00.000Z' })]);

    // Assess
    expect(await raw(reminderEntity.keyOf(reminder))).toBeUndefined();
    expect(before.am1).toMatchObject([{ kind: 'plan-step', id: step.id, opportunityId: opportunity.id, at: '2026-12-01T01:00:00.000Z' }]);
    expect(before.header).toMatchObject({ openPlanSteps: 1 });
    expect(after.am1).toEqual([]);
    expect(after.am2.map((entry) => entry.id)).toEqual([step.id]);
    expect(runs.reduce((sum, run) => sum + run.delivered, 0)).toBe(1);
    expect(await raw(opportunityKeys.step(opportunity.id, step.id))).toMatchObject({ assigneeId: 'am2', version: 1 });
  });

  it('a result withdraws the reminder and leaves the index; a reschedule moves both; a loss takes the open steps off and the job withdraws their reminders', async () => {
    // Prepare
    const opportunity = await assigned('am1');
    const done = (await createPlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, input: { plannedAt: '2026-12-02', action: 'Call' } })).value;
    const open = (await createPlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, input: { plannedAt: '2026-12-03', action: 'Quote' } })).value;

    // Act
    await updatePlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, stepId: done.id, input: { result: 'Interested' }, expectedVersion: 1 });
    const moved = await updatePlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, stepId: open.id, input: { plannedAt: '2026-12-04' }, expectedVersion: 1 });
    const listed = (await dueFor('am1')).filter((entry) => entry.opportunityId === opportunity.id);
    const header = await raw(opportunityKeys.item(opportunity.id));
    await loseOpportunity(deps, { caller: callers.am1, opportunityId: opportunity.id, input: { reason: 'price' }, expectedVersion: 2 });
    const run = await runReminders(jobAt('2026-12-04T01:00:30.000Z'), { since: '2026-12-04T00:59:00.000Z' });

    // Assess
    expect(await raw(reminderEntity.keyOf(planStepReminderOf(done)!))).toBeUndefined();
    expect(await raw(reminderEntity.keyOf(planStepReminderOf(open)!))).toBeUndefined();
    expect(listed).toMatchObject([{ id: open.id, at: '2026-12-04T01:00:00.000Z' }]);
    expect(header).toMatchObject({ openPlanSteps: 1 });
    expect((await dueFor('am1')).filter((entry) => entry.opportunityId === opportunity.id)).toEqual([]);
    expect(run).toMatchObject({ found: 1, delivered: 0, withdrawn: 1 });
    expect(moved.remindAt).toBe('2026-12-04T01:00:00.000Z');
  });

  it('refuses an open step beyond MAX_OPEN_PLAN_STEPS (409 LimitReached) and a step in the past with a reminder (400), writing nothing', async () => {
    // Prepare: the header's counter as MAX_OPEN_PLAN_STEPS creations would leave it.
    const opportunity = await assigned('am1');
    await client.send(new UpdateCommand({ TableName: tableName, Key: opportunityKeys.item(opportunity.id), UpdateExpression: 'SET openPlanSteps = :n', ExpressionAttributeValues: { ':n': MAX_OPEN_PLAN_STEPS } }));

    // Act
    const tooMany = await createPlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, input: { plannedAt: '2026-12-01', action: 'One more' } }).catch((error: { code: string }) => error.code);
    const past = await createPlanStep(deps, { caller: callers.am1, opportunityId: opportunity.id, input: { plannedAt: '2026-11-01', action: 'Late', remindAt: '2026-11-01T00:00:00.000Z' } }).catch((error: { code: string }) => error.code);

    // Assess
    expect(tooMany).toBe(ErrorCode.LimitReached);
    expect(past).toBe(ErrorCode.ValidationFailed);
    expect(await dueFor('am1').then((entries) => entries.filter((entry) => entry.opportunityId === opportunity.id))).toEqual([]);
    expect(await raw(opportunityKeys.item(opportunity.id))).toMatchObject({ openPlanSteps: MAX_OPEN_PLAN_STEPS, version: 2 });
  });
  it('back-fills steps written before the index: listed under the assignee, the counter set; a re-run writes nothing', async () => {
    // Prepare: a step as written before this index and counter existed.
    const opportunity = await assigned('am2');
    const step = (await createPlanStep(deps, { caller: callers.am2, opportunityId: opportunity.id, input: { plannedAt: '2026-12-20', action: 'Old step' } })).value;
    await client.send(new UpdateCommand({ TableName: tableName, Key: opportunityKeys.step(opportunity.id, step.id), UpdateExpression: 'REMOVE gsi1pk, gsi1sk, assigneeId' }));
    await client.send(new UpdateCommand({ TableName: tableName, Key: opportunityKeys.item(opportunity.id), UpdateExpression: 'REMOVE openPlanSteps' }));
    const hidden = (await dueFor('am2')).filter((entry) => entry.id === step.id);

    // Act
    const first = await backfillPlanSteps(client, tableName);
    const again = await backfillPlanSteps(client, tableName);

    // Assess
    expect(hidden).toEqual([]);
    expect((await dueFor('am2')).filter((entry) => entry.id === step.id)).toHaveLength(1);
    expect(await raw(opportunityKeys.item(opportunity.id))).toMatchObject({ openPlanSteps: 1 });
    expect(first.updated).toBeGreaterThanOrEqual(1);
    expect(again.updated).toBe(0);
  });
});
