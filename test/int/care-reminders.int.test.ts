import { describe, expect, it } from 'vitest';
import { DynamoDbReminderJobStore } from '#functions/jobs/reminder-job.repository';
import { runReminders } from '#functions/jobs/reminders.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { notificationKeys } from '#shared/notifications/notification.keys';
import { careClosedBy, specialDayReminderOf } from '#shared/reminders/care-reminder';
import { noContactCheckOf } from '#shared/reminders/no-contact-reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { fakeRecipients, recordingMailer } from '#test/fakes/in-memory-reminder-job';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * Care reminders on DynamoDB Local: written with the contact's own transaction (functions/contacts/contact.repository.ts),
 * and the reminder job delivering one to the customer's owner exactly once and putting next year's in the same
 * transaction. The fixture's clock is 2026-11-22T08:00Z; a birthday on 13 July is reminded on 10 July at 01:00Z.
 */
describe('care reminders on DynamoDB Local', () => {
  const { at, actor, client, tableName, contacts, activities, raw, newCustomer, newContact, newActivity } = customerRecordsOnDynamoDb(3078);
  const reminderOf = (contact: { id: string; customerId: string; name: string }, date: string, after = at) =>
    raw(reminderEntity.keyOf(specialDayReminderOf(contact, { type: 'birthday', date }, after)));

  it("puts a contact's special-day reminders in its create, moves them on a change of day and removes them with the contact", async () => {
    // Prepare
    const customer = await newCustomer();
    const contact = { ...newContact(customer.id), specialDays: [{ type: 'birthday' as const, date: '1990-07-13' }] };

    // Act
    await contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: false, response: { ...contact, isPrimary: false } });
    const created = await reminderOf(contact, '07-13');
    const moved = { ...contact, specialDays: [{ type: 'birthday' as const, date: '1990-07-14' }] };
    await contacts.update(customer.id, contact.id, {
      guard: { customerId: customer.id }, expectedVersion: 1, changes: { specialDays: moved.specialDays }, primary: 'keep', actor, before: { ...contact, isPrimary: false },
    });
    const oldDay = await reminderOf(contact, '07-13');
    const newDay = await reminderOf(contact, '07-14');
    await contacts.remove({ ...moved, version: 2 }, { guard: { customerId: customer.id }, expectedVersion: 2, wasPrimary: false, actor });

    // Assess
    expect(created).toMatchObject({ entity: 'Reminder', kind: 'care', remindAt: '2027-07-10T01:00:00.000Z', recipientId: 'customer-owner', customerId: customer.id });
    expect(oldDay).toBeUndefined();
    expect(newDay).toMatchObject({ remindAt: '2027-07-11T01:00:00.000Z' });
    expect(await reminderOf(contact, '07-14')).toBeUndefined();
  });

  it("closes this year's reminder in a care activity's transaction and puts next year's", async () => {
    // Prepare: a birthday on 10 December (reminded 7 December 2026); a care activity on 22 November.
    const customer = await newCustomer();
    const contact = { ...newContact(customer.id), specialDays: [{ type: 'birthday' as const, date: '12-10' }] };
    await contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: false, response: { ...contact, isPrimary: false } });
    const before = await reminderOf(contact, '12-10');
    const activity = newActivity(customer.id, '2026-11-22T07:00:00.000Z', { type: 'care', contactId: contact.id });

    // Act
    const care = careClosedBy(await activities.careContact(customer.id, contact.id), activity.occurredAt, at);
    await activities.create(activity, { guard: { customerId: customer.id }, response: activity, care });

    // Assess
    expect(before).toMatchObject({ remindAt: '2026-12-07T01:00:00.000Z' });
    expect(await reminderOf(contact, '12-10')).toBeUndefined();
    expect(await reminderOf(contact, '12-10', '2026-12-07T01:00:00.000Z')).toMatchObject({ remindAt: '2027-12-07T01:00:00.000Z' });
  });

  it("delivers a care reminder to the owner once (two racing runs, a re-run) and re-arms next year's in the same transaction", async () => {
    // Prepare: am2's customer, a contact with a birthday on 29 September (reminded 26 September 2027, 01:00Z).
    const customer = await newCustomer('am2');
    const contact = { ...newContact(customer.id), specialDays: [{ type: 'birthday' as const, date: '09-29' }] };
    await contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: false, response: { ...contact, isPrimary: false } });
    const due = specialDayReminderOf(contact, contact.specialDays[0]!, at);
    const mail = recordingMailer();
    const deps = {
      store: new DynamoDbReminderJobStore(client, tableName),
      directory: fakeRecipients({ am2: { name: 'Jane', email: 'am2@example.com' } }),
      mailer: mail.mailer,
      clock: { now: () => new Date('2027-09-26T01:00:20.000Z') },
      ids: ulidGenerator(seededRandom(3078)),
      settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100, maxMailsPerRun: 100 },
    };
    const since = '2027-09-26T00:59:30.000Z';

    // Act
    const runs = await Promise.all([runReminders(deps, { since }), runReminders(deps, { since })]);
    const rerun = await runReminders(deps, { since });

    // Assess
    expect(due.remindAt).toBe('2027-09-26T01:00:00.000Z');
    expect(runs.reduce((sum, run) => sum + run.delivered, 0)).toBe(1);
    expect(rerun.delivered).toBe(0);
    expect(await raw(reminderEntity.keyOf(due))).toBeUndefined();
    expect(await reminderOf(contact, '09-29', due.remindAt)).toMatchObject({ remindAt: '2028-09-26T01:00:00.000Z', kind: 'care' });
    expect(await raw(notificationKeys.counter('am2'))).toMatchObject({ unread: expect.any(Number) });
    expect(mail.sent.filter((sent) => sent.subject.includes(contact.name))).toHaveLength(1);
    expect(mail.sent.filter((sent) => sent.subject.includes(contact.name))[0]).toMatchObject({ to: 'am2@example.com' });
  });
  it('arms a "no contact" check with every activity; the job moves it by the level rule, then delivers it to the owner once with the next one', async () => {
    // Prepare: am2's ordinary customer (rule: 90 days, reminded 7 before), contacted 2026-11-20T09:00Z.
    const customer = await newCustomer('am2');
    const activity = newActivity(customer.id, '2026-11-20T09:00:00.000Z');
    await activities.create(activity, { guard: { customerId: customer.id }, response: activity });
    const armed = noContactCheckOf(customer.id, at);
    const runAt = (now: string) =>
      runReminders(
        {
          store: new DynamoDbReminderJobStore(client, tableName),
          directory: fakeRecipients({ am2: { name: 'Jane', email: 'am2@example.com' } }),
          mailer: recordingMailer().mailer,
          clock: { now: () => new Date(now) },
          ids: ulidGenerator(seededRandom(4242)),
          settings: { firstRunLookbackMinutes: 15, overlapSeconds: 60, maxRemindersPerRun: 100, maxMailsPerRun: 100 },
        },
        { since: new Date(Date.parse(now) - 60_000).toISOString() },
      );

    // Act: the job at the armed minute (moved to 2027-02-11T09:00Z = +90 − 7 days), then at that minute, twice.
    const stored = await raw(reminderEntity.keyOf(armed));
    const moved = await runAt(new Date(Date.parse(armed.remindAt) + 20_000).toISOString());
    const due = await Promise.all([runAt('2027-02-11T09:00:20.000Z'), runAt('2027-02-11T09:00:20.000Z')]);

    // Assess
    expect(stored).toMatchObject({ kind: 'care', sourceId: `no-contact:${customer.id}`, recipientId: 'customer-owner' });
    // (The care activity of the test above armed its customer's check in the same minute: moved too.)
    expect(moved.withdrawn).toBeGreaterThanOrEqual(1);
    expect(moved.delivered).toBe(0);
    expect(await raw(reminderEntity.keyOf(armed))).toBeUndefined();
    expect(due.reduce((sum, run) => sum + run.delivered, 0)).toBe(1);
    expect(await raw(reminderEntity.keyOf({ ...armed, remindAt: '2027-05-12T09:00:20.000Z' }))).toMatchObject({
      title: `No contact with ${customer.name} for 90 days`,
    });
  });
});
