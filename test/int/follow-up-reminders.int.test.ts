import { describe, expect, it } from 'vitest';
import { followUpReminderOf, followUpReminderPlace } from '#shared/reminders/reminder-sources';
import { reminderBucketOf } from '#shared/reminders/reminder';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * The follow-up reminder on DynamoDB Local: written, moved and removed in the activity's own transaction
 * (functions/activities/activity.repository.ts). The fixture's clock is 2026-11-22T08:00Z; day(n) counts from 2026-10-01.
 */
describe('follow-up reminders on DynamoDB Local', () => {
  const { at, actor, activities, raw, newCustomer, newActivity, followUpOf, addActivity, day } = customerRecordsOnDynamoDb(3077);
  const reminderAt = (activityId: string, dueAt: string) => {
    const place = followUpReminderPlace({ activityId, dueAt });
    return raw(reminderKeys.item(reminderBucketOf(place.remindAt), place.remindAt, place.kind, place.sourceId));
  };

  it('puts the reminder with the follow-up, moves it on a reschedule and removes it when the follow-up is done', async () => {
    // Prepare
    const customer = await newCustomer();

    // Act
    const activity = await addActivity(customer.id, day(50), { nextFollowUpAt: day(60) });
    const created = await reminderAt(activity.id, day(60));
    const before = followUpOf(activity);
    const after = { ...before, dueAt: day(70) };
    await activities.update(customer.id, activity.id, {
      guard: { customerId: customer.id }, expectedVersion: 1, changes: { nextFollowUpAt: day(70) }, actor, followUp: { before, after }, before: activity,
    });
    const movedFrom = await reminderAt(activity.id, day(60));
    const movedTo = await reminderAt(activity.id, day(70));
    await activities.update(customer.id, activity.id, {
      guard: { customerId: customer.id }, expectedVersion: 2, changes: { followUpDone: true }, actor, followUp: { before: after }, before: { ...activity, nextFollowUpAt: day(70), version: 2 },
    });

    // Assess
    expect(created).toMatchObject({ entity: 'Reminder', kind: 'follow-up', recipientId: 'am1', remindAt: day(60), dueAt: day(60), path: `/v1/customers/${customer.id}/activities/${activity.id}` });
    expect(movedFrom).toBeUndefined();
    expect(movedTo).toMatchObject({ remindAt: day(70) });
    expect(await reminderAt(activity.id, day(70))).toBeUndefined();
  });

  it('removes the reminder with the activity, and writes none for a follow-up already due', async () => {
    // Prepare
    const customer = await newCustomer();
    const open = await addActivity(customer.id, day(50), { nextFollowUpAt: day(65) });

    // Act
    await activities.remove(open, { guard: { customerId: customer.id }, expectedVersion: 1, actor, openFollowUp: followUpOf(open) });
    const overdue = newActivity(customer.id, day(1), { nextFollowUpAt: day(2) });
    await activities.create(overdue, { guard: { customerId: customer.id }, followUp: followUpOf(overdue), response: overdue });

    // Assess
    expect(await reminderAt(open.id, day(65))).toBeUndefined();
    expect(followUpReminderOf(followUpOf(overdue), at)).toBeUndefined();
    expect(await reminderAt(overdue.id, day(2))).toBeUndefined();
  });
});
