import { describe, expect, it } from 'vitest';
import { reminderJobDependencies } from '#functions/jobs/reminders.container';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { api, useTestGateway } from '#test/support/e2e';
import type { NotificationItem } from './scenarios/notifications.scenarios';
import { arrangeOpportunity } from './scenarios/opportunities.scenarios';

type Client = ReturnType<typeof api>;
type Step = { id: string; version: number; remindAt?: string; assigneeId?: string };
type Entry = { kind: string; id: string; opportunityId?: string; at: string };

const minuteFloor = (at: number) => new Date(Math.floor(at / 60_000) * 60_000).toISOString();

/**
 * Plan steps end to end on the local stack (issue 18): a step written through the gateway with a real token is on
 * its assignee's calendar and workbench, moves with a reassignment, and its reminder — delivered by the reminder
 * job run here with its clock at the reminder's minute — reaches the assignee of that moment once.
 */
describe('plan steps: calendar, workbench, reassignment, reminder', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const runJobAt = (remindAt: string) => {
    const deps = { ...reminderJobDependencies(), clock: { now: () => new Date(Date.parse(remindAt) + 20_000) } };
    return runReminders(deps, { since: new Date(Date.parse(remindAt) - 30_000).toISOString() });
  };
  const calendarOf = async (user: string, as: string) => {
    const from = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const calendar = await client.get<{ items: Entry[] }>(`/v1/calendar?from=${from}&to=${to}&userId=${user}`, { as });
    expect(calendar.status, calendar.text).toBe(200);
    return calendar.json.items.filter((entry) => entry.kind === 'plan-step');
  };

  it("lists a step on the assignee's calendar and workbench, moves it with a reassignment, and reminds the new assignee once", async () => {
    // Prepare: am1's opportunity; a step due in 3 days (reminded then) and one due in a minute (later today: the
    // workbench's overdue section is shared with other files' older steps of am1, cut at 100).
    const opportunity = await arrangeOpportunity(client, 'am1');
    const remindAt = minuteFloor(Date.now() + 3 * 86_400_000);
    const step = await client.post<Step>(`/v1/opportunities/${opportunity.id}/plan-steps`, { plannedAt: remindAt, action: 'Visit the plant' }, { as: 'am1' });
    const todayEnds = new Date().setUTCHours(24, 0, 0, 0);
    const soon = await client.post<Step>(
      `/v1/opportunities/${opportunity.id}/plan-steps`,
      { plannedAt: new Date(Math.min(Date.now() + 60_000, todayEnds - 1)).toISOString(), action: 'Send the quote', remindAt: null },
      { as: 'am1' },
    );
    const workbench = await client.get<{ planSteps: { overdue: Entry[]; today: Entry[] } }>('/v1/workbench', { as: 'am1' });
    const before = await calendarOf('am1', 'am1');

    // Act: the sales manager hands the opportunity to am2; the job runs at the reminder's minute, twice.
    const reassigned = await client.post(`/v1/opportunities/${opportunity.id}/assign`, { assigneeId: 'am2' }, { as: 'sales', headers: { 'if-match': '"2"' } });
    const after = { am1: await calendarOf('am1', 'sales'), am2: await calendarOf('am2', 'am2') };
    const runs = [await runJobAt(remindAt), await runJobAt(remindAt)];
    const inbox = async (user: string) =>
      (await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: user })).json.items.filter((item) => item.sourceId === `${opportunity.id}/${step.json.id}`);

    // Assess
    expect(step.status, step.text).toBe(201);
    expect(step.json).toMatchObject({ remindAt, assigneeId: 'am1' });
    expect(soon.status, soon.text).toBe(201);
    expect(soon.json.remindAt).toBeUndefined();
    expect(workbench.json.planSteps.today.map((entry) => entry.id)).toContain(soon.json.id);
    expect(before.filter((entry) => entry.opportunityId === opportunity.id).map((entry) => entry.id)).toEqual([soon.json.id, step.json.id]);
    expect(reassigned.status, reassigned.text).toBe(200);
    expect(after.am1.filter((entry) => entry.opportunityId === opportunity.id)).toEqual([]);
    expect(after.am2.filter((entry) => entry.opportunityId === opportunity.id)).toHaveLength(2);
    expect(runs[0]!.delivered).toBeGreaterThanOrEqual(1);
    expect(await inbox('am2')).toMatchObject([{ kind: 'plan-step', path: `/v1/opportunities/${opportunity.id}/plan-steps` }]);
    expect(await inbox('am1')).toEqual([]);
  });

  it('refuses bad input naming the field and writes nothing; a done step cannot be rescheduled (409); a lost opportunity reminds no one', async () => {
    // Prepare
    const opportunity = await arrangeOpportunity(client, 'am1');
    const path = `/v1/opportunities/${opportunity.id}/plan-steps`;
    const remindAt = minuteFloor(Date.now() + 2 * 86_400_000);
    const step = await client.post<Step>(path, { plannedAt: remindAt, action: 'Call' }, { as: 'am1' });

    // Act
    const pastReminder = await client.post(path, { plannedAt: '2020-01-01', action: 'Late', remindAt: '2020-01-01T00:00:00Z' }, { as: 'am1' });
    const afterDue = await client.post(path, { plannedAt: '2030-01-01', action: 'Far', remindAt: '2030-01-02T00:00:00Z' }, { as: 'am1' });
    const emptyPatch = await client.patch(`${path}/${step.json.id}`, {}, { as: 'am1', headers: { 'if-match': '"1"' } });
    const badDate = await client.patch(`${path}/${step.json.id}`, { plannedAt: 'tomorrow' }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const done = await client.patch<Step>(`${path}/${step.json.id}`, { result: 'Agreed' }, { as: 'am1', headers: { 'if-match': '"1"' } });
    const reschedule = await client.patch(`${path}/${step.json.id}`, { plannedAt: '2030-01-01' }, { as: 'am1', headers: { 'if-match': '"2"' } });
    const open = await client.post<Step>(path, { plannedAt: remindAt, action: 'Visit' }, { as: 'am1' });
    const lost = await client.post(`/v1/opportunities/${opportunity.id}/lose`, { reason: 'price' }, { as: 'am1', headers: { 'if-match': '"2"' } });
    const run = await runJobAt(remindAt);
    const steps = await client.get<{ items: Step[] }>(path, { as: 'am1' });

    // Assess
    expect(pastReminder.status).toBe(400);
    expect(pastReminder.text).toContain('body.remindAt');
    expect(afterDue.status).toBe(400);
    expect(afterDue.text).toContain('body.remindAt');
    expect(emptyPatch.status).toBe(400);
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('plannedAt');
    expect(done.status, done.text).toBe(200);
    expect(reschedule.status).toBe(409);
    expect(lost.status, lost.text).toBe(200);
    expect(run.withdrawn).toBeGreaterThanOrEqual(1);
    expect(steps.json.items.map((item) => item.id)).toEqual([step.json.id, open.json.id]);
    expect(steps.json.items[1]!.assigneeId).toBeUndefined();
  });
});
