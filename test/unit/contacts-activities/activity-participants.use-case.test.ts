import { beforeEach, describe, expect, it } from 'vitest';
import { createActivity } from '#functions/activities/create-activity.use-case';
import { getActivity } from '#functions/activities/get-activity.use-case';
import { updateActivity } from '#functions/activities/update-activity.use-case';
import { createActivityBody, updateActivityBody, type CreateActivityInput } from '#functions/activities/activity.schema';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { deleteContact } from '#functions/contacts/delete-contact.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerRecordsTestKit, hoursAgo } from '#test/fakes/customer-records-test-kit';
import { fakeUserDirectory, DEMO_DIRECTORY } from '#test/fakes/fake-user-directory';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';
const OF_AM2 = '01JCUSTAM2AAAAAAAAAAAAAAAA';
const NO_SUCH = '01JZZZZZZZZZZZZZZZZZZZZZZZ';

const visit = (overrides: Partial<CreateActivityInput> = {}): CreateActivityInput => ({
  type: 'visit',
  occurredAt: hoursAgo(2),
  title: 'Quarterly visit',
  followUpDone: false,
  ...overrides,
});

describe('activities: result and participants', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;
  const record = (input: CreateActivityInput, customerId = OF_AM1) =>
    createActivity(kit.activityDeps, { caller: callers.am1, customerId, input }).then((outcome) => outcome.activity);
  const addContact = async (name: string, customerId = OF_AM1) =>
    (await createContact(kit.contactDeps, { caller: callers.admin, customerId, input: { name, isPrimary: false } })).contact;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    // A staff user without any CRM role: known to the directory, but not staff.
    kit.activityDeps = { ...kit.activityDeps, directory: fakeUserDirectory([...DEMO_DIRECTORY, { username: 'norole', name: 'No role', enabled: true, roles: [] }]) };
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
    kit.store.addCustomer({ id: OF_AM2, ownerId: 'am2' });
  });

  it('records the result and the participants, and names the participant contacts when read', async () => {
    // Prepare
    const wang = await addContact('王强');
    const li = await addContact('李娜');

    // Act
    const activity = await record(visit({ result: '签订意向书', participants: { staff: ['am2', 'sales'], contacts: [wang.id, li.id] } }));
    const read = await getActivity(kit.activityDeps, { caller: callers.am1, customerId: OF_AM1, activityId: activity.id });

    // Assess
    expect(activity).toMatchObject({ result: '签订意向书', participants: { staff: ['am2', 'sales'], contacts: [wang.id, li.id] } });
    expect(read.participantContacts).toEqual([
      { id: wang.id, name: '王强', removed: false },
      { id: li.id, name: '李娜', removed: false },
    ]);
    expect(kit.store.activities.get(`${OF_AM1}#${activity.id}`)).toMatchObject({ result: '签订意向书', participants: { staff: ['am2', 'sales'], contacts: [wang.id, li.id] } });
  });

  it.each([
    ['an unknown user', 'nobody'],
    ['a disabled user', 'gone'],
    ['a user without a CRM role', 'norole'],
  ])('refuses %s as participant staff, naming the entry, writing nothing', async (_label, username) => {
    const attempt = record(visit({ participants: { staff: ['am2', username] } }));

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.participants.staff.1' }] } });
    expect(kit.store.writes).toBe(0);
  });

  it('refuses participant contacts that are unknown, removed or another customer’s, naming each, writing nothing', async () => {
    // Prepare
    const current = await addContact('Current');
    const removed = await addContact('Removed');
    await deleteContact(kit.contactDeps, { caller: callers.admin, customerId: OF_AM1, contactId: removed.id, expectedVersion: 1 });
    const theirs = await addContact('Theirs', OF_AM2);
    const writes = kit.store.writes;

    // Act
    const attempt = record(visit({ participants: { contacts: [current.id, NO_SUCH, removed.id, theirs.id] } }));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: {
        errors: [
          { path: 'body.participants.contacts.1' },
          { path: 'body.participants.contacts.2' },
          { path: 'body.participants.contacts.3' },
        ],
      },
    });
    expect(kit.store.writes).toBe(writes);
    expect(kit.store.activities.size).toBe(0);
  });

  it('PATCH replaces the participants; only the ones it adds are checked; null clears them and the result', async () => {
    // Prepare: a participant contact later removed, a participant later disabled
    const kept = await addContact('Kept');
    const added = await addContact('Added');
    const activity = await record(visit({ result: 'ok', participants: { staff: ['am2'], contacts: [kept.id] } }));
    await deleteContact(kit.contactDeps, { caller: callers.admin, customerId: OF_AM1, contactId: kept.id, expectedVersion: 1 });
    kit.activityDeps = { ...kit.activityDeps, directory: fakeUserDirectory(DEMO_DIRECTORY.map((user) => (user.username === 'am2' ? { ...user, enabled: false } : user))) };

    // Act: the old participants stay (history), the new ones are checked
    const updated = await updateActivity(kit.activityDeps, {
      caller: callers.am1,
      customerId: OF_AM1,
      activityId: activity.id,
      changes: { participants: { staff: ['am2', 'sales'], contacts: [kept.id, added.id] } },
      expectedVersion: 1,
    });
    const refused = updateActivity(kit.activityDeps, {
      caller: callers.am1,
      customerId: OF_AM1,
      activityId: activity.id,
      changes: { participants: { staff: ['gone'], contacts: [NO_SUCH] } },
      expectedVersion: 2,
    });
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.participants.staff.0' }] } });
    const refusedContact = updateActivity(kit.activityDeps, {
      caller: callers.am1,
      customerId: OF_AM1,
      activityId: activity.id,
      changes: { participants: { contacts: [added.id, NO_SUCH] } },
      expectedVersion: 2,
    });
    await expect(refusedContact).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.participants.contacts.1' }] } });
    const cleared = await updateActivity(kit.activityDeps, {
      caller: callers.am1,
      customerId: OF_AM1,
      activityId: activity.id,
      changes: { participants: null, result: null },
      expectedVersion: 2,
    });

    // Assess
    expect(updated.participants).toEqual({ staff: ['am2', 'sales'], contacts: [kept.id, added.id] });
    expect(updated.participantContacts).toEqual([
      { id: kept.id, name: 'Kept', removed: true },
      { id: added.id, name: 'Added', removed: false },
    ]);
    expect(cleared).not.toHaveProperty('participants');
    expect(cleared).not.toHaveProperty('participantContacts');
    expect(cleared).not.toHaveProperty('result');
  });

  it.each([
    ['a result over 2000 characters', { result: 'r'.repeat(2001) }, 'result'],
    ['more than 20 staff', { participants: { staff: Array.from({ length: 21 }, (_, i) => `user${i}`) } }, 'participants.staff'],
    ['duplicate staff', { participants: { staff: ['am1', 'am1'] } }, 'participants.staff'],
    ['a malformed username', { participants: { staff: ['a b'] } }, 'participants.staff.0'],
    ['more than 20 contacts', { participants: { contacts: Array.from({ length: 21 }, (_, i) => `01J${String(i).padStart(23, 'A')}`) } }, 'participants.contacts'],
    ['duplicate contacts', { participants: { contacts: [NO_SUCH, NO_SUCH] } }, 'participants.contacts'],
    ['a malformed contact id', { participants: { contacts: ['someone'] } }, 'participants.contacts.0'],
    ['an unknown participants field', { participants: { guests: ['x'] } }, 'participants'],
  ])('the schemas refuse %s', (_label, fields, path) => {
    const create = createActivityBody.safeParse({ ...visit(), ...fields });
    const update = updateActivityBody.safeParse(fields);

    for (const parsed of [create, update]) {
      expect(parsed.success).toBe(false);
      expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toContain(path);
    }
  });
});
