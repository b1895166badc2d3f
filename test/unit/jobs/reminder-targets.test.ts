import { beforeEach, describe, expect, it } from 'vitest';
import { runReminders, type ReminderJobDependencies } from '#functions/jobs/reminders.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { specialDayReminderOf } from '#shared/reminders/care-reminder';
import { overdueReminderOf } from '#shared/dunning/dunning';
import { planStepReminderOf } from '#shared/reminders/plan-step-reminder';
import { followUpReminderOf } from '#shared/reminders/reminder-sources';
import { fakeRecipients, InMemoryReminderJobStore, recordingMailer } from '#test/fakes/in-memory-reminder-job';
import { steppingClock } from '#test/fakes/service-test-kit';

/** The reminder job with follow-up and care reminders: checked against their records, care re-armed yearly. */
describe('the reminder job with follow-up and care reminders', () => {
  let store: InMemoryReminderJobStore;
  let mail: ReturnType<typeof recordingMailer>;
  let time: ReturnType<typeof steppingClock>;
  let deps: ReminderJobDependencies;
  const wang = { id: 'C1', customerId: 'K1', name: '王芳', specialDays: [{ type: 'birthday', date: '1985-12-10' }] };

  beforeEach(() => {
    store = new InMemoryReminderJobStore();
    mail = recordingMailer();
    // The first run looks back 15 minutes from 2026-12-07T01:05Z.
    time = steppingClock('2026-12-07T01:05:00.000Z');
    deps = {
      store,
      mailer: mail.mailer,
      directory: fakeRecipients({ am1: { name: '李雷', email: 'am1@example.com' }, am2: { name: 'Jane', email: 'am2@example.com' } }),
      clock: time.clock,
      ids: ulidGenerator(seededRandom(5)),
      settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100, maxMailsPerRun: 100 },
    };
  });

  it("delivers a care reminder to the customer's owner now and puts next year's in the same delivery, once", async () => {
    // Prepare: the birthday reminder of 10 December falls at 2026-12-07T01:00Z; the customer now belongs to am2.
    const due = specialDayReminderOf(wang, wang.specialDays[0]!, '2026-12-01T00:00:00.000Z');
    store.add(due);
    store.customers.set('K1', { ownerId: 'am2' });
    store.contacts.set('K1/C1', wang);

    // Act
    const first = await runReminders(deps);
    const again = await runReminders(deps, { since: '2026-12-07T00:50:00.000Z' });

    // Assess
    expect(due.remindAt).toBe('2026-12-07T01:00:00.000Z');
    expect(first).toMatchObject({ found: 1, delivered: 1, withdrawn: 0, mailed: 1 });
    expect(again).toMatchObject({ found: 0, delivered: 0 });
    expect([...store.notifications.values()]).toMatchObject([{ userId: 'am2', kind: 'care', title: 'Birthday of 王芳', dueAt: '2026-12-10T01:00:00.000Z' }]);
    expect([...store.reminders.values()]).toMatchObject([{ remindAt: '2027-12-07T01:00:00.000Z', sourceId: 'C1:birthday:12-10', recipientId: 'customer-owner' }]);
    expect(mail.sent.map((sent) => sent.to)).toEqual(['am2@example.com']);
  });

  it('withdraws a care reminder whose day was removed or whose customer is archived: nothing sent, nothing re-armed', async () => {
    // Prepare
    const removedDay = specialDayReminderOf(wang, wang.specialDays[0]!, '2026-12-01T00:00:00.000Z');
    const other = { id: 'C2', customerId: 'K2', name: 'Tom', specialDays: [{ type: 'birthday', date: '12-10' }] };
    store.add(removedDay);
    store.add(specialDayReminderOf(other, other.specialDays[0]!, '2026-12-01T00:00:00.000Z'));
    store.customers.set('K1', { ownerId: 'am1' });
    store.contacts.set('K1/C1', { ...wang, specialDays: [] });
    store.customers.set('K2', { ownerId: 'am1', archived: true });
    store.contacts.set('K2/C2', other);

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(run).toMatchObject({ found: 2, delivered: 0, withdrawn: 2 });
    expect(store.reminders.size).toBe(0);
    expect(store.notifications.size).toBe(0);
  });

  it("sends a follow-up reminder to the follow-up's assignee now, and withdraws one that is done or rescheduled", async () => {
    // Prepare: three follow-ups due at 01:00Z; one moved to am2 by a transfer, one done, one rescheduled.
    const followUp = (activityId: string) => ({ activityId, customerId: 'K1', assigneeId: 'am1', dueAt: '2026-12-07T01:00:00.000Z', title: `Call ${activityId}` });
    for (const id of ['A1', 'A2', 'A3']) store.add(followUpReminderOf(followUp(id), '2026-12-06T00:00:00.000Z')!);
    store.followUps.set('K1/A1', { assigneeId: 'am2', dueAt: '2026-12-07T01:00:00.000Z', onList: true });
    store.followUps.set('K1/A3', { assigneeId: 'am1', dueAt: '2026-12-09T01:00:00.000Z', onList: true });

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(run).toMatchObject({ found: 3, delivered: 1, withdrawn: 2 });
    expect(store.reads).toBe(3);
    expect([...store.notifications.values()]).toMatchObject([{ userId: 'am2', kind: 'follow-up', sourceId: 'A1', path: '/v1/customers/K1/activities/A1' }]);
  });

  it('delivers a plan-step reminder to the assignee now, and withdraws those of a won opportunity, a done or a rescheduled step', async () => {
    // Prepare: four steps due at 01:00Z; O1 reassigned to am2, O2 won, O3's step done, O4's step rescheduled.
    const step = (opportunityId: string) =>
      planStepReminderOf({ id: `S${opportunityId}`, opportunityId, plannedAt: '2026-12-07', action: 'Visit', remindAt: '2026-12-07T01:00:00.000Z', assigneeId: 'am1' })!;
    for (const id of ['O1', 'O2', 'O3', 'O4']) store.add(step(id));
    store.planSteps.set('O1/SO1', { status: 'assigned', assigneeId: 'am2', step: { remindAt: '2026-12-07T01:00:00.000Z' } });
    store.planSteps.set('O2/SO2', { status: 'won', assigneeId: 'am1', step: { remindAt: '2026-12-07T01:00:00.000Z' } });
    store.planSteps.set('O3/SO3', { status: 'assigned', assigneeId: 'am1', step: { remindAt: '2026-12-07T01:00:00.000Z', result: 'done' } });
    store.planSteps.set('O4/SO4', { status: 'assigned', assigneeId: 'am1', step: { remindAt: '2026-12-09T01:00:00.000Z' } });

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(run).toMatchObject({ found: 4, delivered: 1, withdrawn: 3 });
    expect([...store.notifications.values()]).toMatchObject([{ userId: 'am2', kind: 'plan-step', sourceId: 'O1/SO1', path: '/v1/opportunities/O1/plan-steps' }]);
    expect(store.reminders.size).toBe(0);
    expect(store.reads).toBe(4);
  });

  it("delivers a dunning reminder to the customer's owner now (after a transfer), and as written when the customer is gone", async () => {
    // Prepare: both overdue reminders were armed for am1 at placement; K1 has been transferred to am2 since, K9 is gone.
    const order = { id: 'O1', orderNo: 'SO-1', customerId: 'K1', customerName: 'Acme', createdAt: '2026-11-01T00:00:00.000Z', dueAt: '2026-12-07T01:00:00.000Z' };
    store.add(overdueReminderOf(order, 'am1')!);
    store.add(overdueReminderOf({ ...order, id: 'O9', orderNo: 'SO-9', customerId: 'K9' }, 'am1')!);
    store.customers.set('K1', { ownerId: 'am2' });

    // Act
    const run = await runReminders(deps);

    // Assess
    expect(run).toMatchObject({ found: 2, delivered: 2, withdrawn: 0 });
    const recipients = [...store.notifications.values()].map((item) => `${item.userId}:${item.title}`).sort();
    expect(recipients).toEqual(['am1:Payment overdue: order SO-9', 'am2:Payment overdue: order SO-1']);
  });
});
