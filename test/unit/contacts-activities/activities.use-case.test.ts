import { decodeTime } from 'ulid';
import { beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '#functions/activities/create-activity.use-case';
import { deleteActivity } from '#functions/activities/delete-activity.use-case';
import { getActivity } from '#functions/activities/get-activity.use-case';
import { listActivities } from '#functions/activities/list-activities.use-case';
import { listFollowUps } from '#functions/activities/list-follow-ups.use-case';
import { updateActivity } from '#functions/activities/update-activity.use-case';
import type { CreateActivityInput } from '#functions/activities/activity.schema';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { deleteContact } from '#functions/contacts/delete-contact.use-case';
import { ErrorCode } from '#shared/core/errors';
import { CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import { callers, customerRecordsTestKit, hoursAgo, hoursAhead } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';
const OF_AM2 = '01JCUSTAM2AAAAAAAAAAAAAAAA';

const visit = (overrides: Partial<CreateActivityInput> = {}): CreateActivityInput => ({
  type: 'visit',
  occurredAt: hoursAgo(2),
  title: 'Quarterly visit',
  followUpDone: false,
  ...overrides,
});

describe('activities and follow-ups use cases', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;
  const record = (input: CreateActivityInput, caller: (typeof callers)[keyof typeof callers] = callers.am1, customerId = OF_AM1) =>
    createActivity(kit.activityDeps, { caller, customerId, input }).then((outcome) => outcome.activity);
  const followUpsOf = async (caller: (typeof callers)[keyof typeof callers], filters: { userId?: string; dueBefore?: string } = {}) =>
    (await listFollowUps(kit.activityDeps, { caller, filters, page: { limit: 100 } })).items;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
    kit.store.addCustomer({ id: OF_AM2, ownerId: 'am2' });
  });

  it('records a visit with a follow-up: on the recorder’s list, lastContactAt moved, id ordered by occurredAt', async () => {
    // Act
    const activity = await record(visit({ nextFollowUpAt: hoursAhead(48) }));

    // Assess
    expect(activity).toMatchObject({ customerId: OF_AM1, followUpDone: false, version: 1, createdBy: 'am1' });
    expect(decodeTime(activity.id)).toBe(Date.parse(hoursAgo(2)));
    expect(await followUpsOf(callers.am1)).toEqual([
      { activityId: activity.id, customerId: OF_AM1, assigneeId: 'am1', dueAt: hoursAhead(48), type: 'visit', title: 'Quarterly visit', occurredAt: hoursAgo(2) },
    ]);
    expect(kit.store.head(OF_AM1)).toMatchObject({ lastContactAt: hoursAgo(2), openFollowUpCount: 1 });
  });

  it('only ever moves lastContactAt forward: a back-dated activity leaves it alone', async () => {
    await record(visit({ occurredAt: hoursAgo(1) }));

    await record(visit({ occurredAt: hoursAgo(72), title: 'Recorded late' }));

    expect(kit.store.head(OF_AM1)?.lastContactAt).toBe(hoursAgo(1));
    expect(kit.store.activities.size).toBe(2);
  });

  it('refuses an activity in the future, writing nothing', async () => {
    const attempt = record(visit({ occurredAt: hoursAhead(1) }));

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.occurredAt' }] } });
    expect(kit.store.writes).toBe(0);
  });

  it('refuses a contact that does not belong to the customer', async () => {
    const theirs = (await createContact(kit.contactDeps, { caller: callers.am2, customerId: OF_AM2, input: { name: 'Theirs', isPrimary: false } })).contact;

    const attempt = record(visit({ contactId: theirs.id }));

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(kit.store.activities.size).toBe(0);
  });

  it('keeps an activity readable after its contact is removed, showing the contact as removed', async () => {
    const contact = (await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: '王强', isPrimary: true } })).contact;
    const activity = await record(visit({ contactId: contact.id }));
    const before = await getActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id });

    await deleteContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: contact.id, expectedVersion: 1 });
    const after = await getActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id });

    expect(before.contact).toEqual({ id: contact.id, name: '王强', removed: false });
    expect(after.contact).toEqual({ id: contact.id, name: '王强', removed: true });
  });

  it('takes a follow-up off the list when it is marked done, and puts it back when a new date is set', async () => {
    const activity = await record(visit({ nextFollowUpAt: hoursAhead(24) }));

    const done = await updateActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id, changes: { followUpDone: true }, expectedVersion: 1 });
    const listAfterDone = await followUpsOf(callers.am1);
    const rescheduled = await updateActivity(kit.activityDeps, { caller: callers.sales, customerId: OF_AM1, activityId: activity.id, changes: { nextFollowUpAt: hoursAhead(96) }, expectedVersion: 2 });
    const listAfterReschedule = await followUpsOf(callers.am1);

    expect(done).toMatchObject({ followUpDone: true, version: 2 });
    expect(listAfterDone).toEqual([]);
    expect(kit.store.head(OF_AM1)?.openFollowUpCount).toBe(1);
    expect(rescheduled).toMatchObject({ followUpDone: false, nextFollowUpAt: hoursAhead(96), version: 3 });
    // Still on the list of whoever recorded the activity, not the manager who rescheduled it.
    expect(listAfterReschedule.map((followUp) => [followUp.activityId, followUp.assigneeId, followUp.dueAt])).toEqual([[activity.id, 'am1', hoursAhead(96)]]);
  });

  it('keeps a follow-up a transfer moved with the new owner when the activity changes, and gives a reopened one to the owner', async () => {
    // Prepare: am1's open and done follow-ups, a manager's open one; the customer moves to am2 (docs/data-model.md)
    const open = await record(visit({ nextFollowUpAt: hoursAhead(24) }));
    const done = await record(visit({ nextFollowUpAt: hoursAhead(48), followUpDone: true, title: 'Done before the transfer' }));
    const managers = await record(visit({ nextFollowUpAt: hoursAhead(36), title: 'The manager’s own' }), callers.sales);
    kit.store.transferCustomer(OF_AM1, 'am2');
    const change = (caller: (typeof callers)[keyof typeof callers], activityId: string, changes: Record<string, unknown>) =>
      updateActivity(kit.activityDeps, { caller, customerId: OF_AM1, activityId, changes, expectedVersion: 1 });

    // Act: the new owner reschedules am1's open follow-up; a manager reopens the done one and retitles their own
    await change(callers.am2, open.id, { title: 'Rescheduled by the new owner', nextFollowUpAt: hoursAhead(72) });
    await change(callers.sales, done.id, { nextFollowUpAt: hoursAhead(96) });
    await change(callers.sales, managers.id, { title: 'Still mine' });

    // Assess: nothing goes back to the former owner; the manager keeps theirs
    expect(await followUpsOf(callers.am1)).toEqual([]);
    expect((await followUpsOf(callers.am2)).map((followUp) => [followUp.activityId, followUp.assigneeId])).toEqual([[open.id, 'am2'], [done.id, 'am2']]);
    expect((await followUpsOf(callers.sales)).map((followUp) => [followUp.activityId, followUp.title])).toEqual([[managers.id, 'Still mine']]);
  });

  it('refuses a follow-up that is done without a date, or before the activity', async () => {
    const activity = await record(visit());

    const doneWithoutDate = updateActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id, changes: { followUpDone: true }, expectedVersion: 1 });
    const beforeActivity = updateActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id, changes: { nextFollowUpAt: hoursAgo(5) }, expectedVersion: 1 });

    await expect(doneWithoutDate).rejects.toMatchObject({ details: { errors: [{ path: 'body.followUpDone' }] } });
    await expect(beforeActivity).rejects.toMatchObject({ details: { errors: [{ path: 'body.nextFollowUpAt' }] } });
    expect(kit.store.activities.get(`${OF_AM1}#${activity.id}`)?.version).toBe(1);
  });

  it('deletes an activity: out of the timeline and the follow-up list, kept restorable', async () => {
    const activity = await record(visit({ nextFollowUpAt: hoursAhead(24) }));

    await deleteActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id, expectedVersion: 1 });

    await expect(getActivity(kit.activityDeps, { caller: callers.admin, customerId: OF_AM1, activityId: activity.id })).rejects.toMatchObject({ code: ErrorCode.ActivityNotFound });
    expect(await followUpsOf(callers.am1)).toEqual([]);
    expect(kit.store.head(OF_AM1)?.openFollowUpCount).toBe(0);
    expect(kit.store.removedActivities.has(`${OF_AM1}#${activity.id}`)).toBe(true);
  });

  it('lists newest first by occurredAt (not by when recorded), filtered by type and date range', async () => {
    const old = await record(visit({ occurredAt: hoursAgo(100), title: 'old visit' }));
    const call = await record(visit({ type: 'call', occurredAt: hoursAgo(10), title: 'call' }));
    const recent = await record(visit({ occurredAt: hoursAgo(1), title: 'recent visit' }));
    const lateEntry = await record(visit({ occurredAt: hoursAgo(50), title: 'recorded last, happened earlier' }));
    const list = (filters: { type?: string; from?: string; to?: string }) =>
      listActivities(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, filters, page: { limit: 25 } }).then((page) => page.items.map((item) => item.id));

    expect(await list({})).toEqual([recent.id, call.id, lateEntry.id, old.id]);
    expect(await list({ type: 'visit' })).toEqual([recent.id, lateEntry.id, old.id]);
    expect(await list({ from: hoursAgo(60), to: hoursAgo(5) })).toEqual([call.id, lateEntry.id]);
  });

  it('shows a manager another user’s list, but gives an account manager asking for someone else an empty page', async () => {
    const mine = await record(visit({ nextFollowUpAt: hoursAhead(24) }));
    await record(visit({ nextFollowUpAt: hoursAhead(24) }), callers.am2, OF_AM2);

    expect((await followUpsOf(callers.sales, { userId: 'am1' })).map((followUp) => followUp.activityId)).toEqual([mine.id]);
    expect(await followUpsOf(callers.am1, { userId: 'am2' })).toEqual([]);
    expect((await followUpsOf(callers.am1, { userId: 'am1' })).map((followUp) => followUp.activityId)).toEqual([mine.id]);
  });

  it('lists follow-ups soonest first and cuts the list at dueBefore (exclusive)', async () => {
    const later = await record(visit({ nextFollowUpAt: hoursAhead(72) }));
    const sooner = await record(visit({ nextFollowUpAt: hoursAhead(24) }));
    const overdue = await record(visit({ occurredAt: hoursAgo(30), nextFollowUpAt: hoursAgo(6) }));

    const all = await followUpsOf(callers.am1);
    const dueSoon = await followUpsOf(callers.am1, { dueBefore: hoursAhead(72) });

    expect(all.map((followUp) => followUp.activityId)).toEqual([overdue.id, sooner.id, later.id]);
    expect(dueSoon.map((followUp) => followUp.activityId)).toEqual([overdue.id, sooner.id]);
  });

  it(`refuses the ${CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer + 1}th open follow-up of a customer (the 360 view's bound)`, async () => {
    for (let index = 0; index < CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer; index += 1) await record(visit({ nextFollowUpAt: hoursAhead(index + 1) }));

    await expect(record(visit({ nextFollowUpAt: hoursAhead(99) }))).rejects.toMatchObject({ code: ErrorCode.LimitReached });
    await expect(record(visit())).resolves.toMatchObject({ followUpDone: false });
  });

  it('answers not found to an account manager reading or writing activities under another manager’s customer', async () => {
    const theirs = await record(visit(), callers.am2, OF_AM2);

    const attempts = [
      getActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM2, activityId: theirs.id }),
      listActivities(kit.activityDeps, { caller: callers.am1, customerId: OF_AM2, filters: {}, page: { limit: 25 } }),
      updateActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM2, activityId: theirs.id, changes: { title: 'x' }, expectedVersion: 7 }),
      deleteActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM2, activityId: theirs.id, expectedVersion: 7 }),
      record(visit(), callers.am1, OF_AM2),
    ];

    for (const attempt of attempts) await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect(kit.store.activities.size).toBe(1);
  });
});
