import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import type { StoredActivity } from '#functions/activities/activity.schema';
import { ErrorCode } from '#shared/core/errors';
import { activityKeys, CUSTOMER_RECORD_LIMITS, followUpKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/** Activities, follow-ups and the 360 view against DynamoDB Local: keys, transactions, conditions, reads, audit entries. */
describe('the activity and overview repositories on DynamoDB Local', () => {
  const {
    ids, at, actor, client, tableName, requests, contacts, activities, overview,
    raw, newCustomer, addContact, newActivity, followUpOf, addActivity, day,
  } = customerRecordsOnDynamoDb(3040);

  describe('activities and follow-ups', () => {
    it('records an activity in one transaction: lastContactAt forward, open follow-up on the assignee index, customer version unchanged', async () => {
      const customer = await newCustomer();
      const activity = newActivity(customer.id, day(3), { nextFollowUpAt: day(10) });

      requests.length = 0;
      await activities.create(activity, { guard: { customerId: customer.id, ownerScope: 'am1' }, followUp: followUpOf(activity), response: activity });

      expect(requests).toEqual(['TransactWriteItemsCommand']);
      expect(decodeTime(activity.id)).toBe(Date.parse(day(3)));
      expect(await raw(customerKeys.item(customer.id))).toMatchObject({ lastContactAt: day(3), openFollowUpCount: 1, version: 1 });
      expect(await raw(followUpKeys.item(customer.id, activity.id))).toMatchObject({
        entity: 'FollowUp', gsi1pk: 'FOLLOWUP#am1', gsi1sk: `${day(10)}#${activity.id}`, dueAt: day(10),
      });
    });

    it('never moves lastContactAt back: a back-dated activity is written again without it (two transactions)', async () => {
      const customer = await newCustomer();
      await addActivity(customer.id, day(20));

      requests.length = 0;
      const late = await addActivity(customer.id, day(5));

      expect(requests).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      expect((await raw(customerKeys.item(customer.id)))?.lastContactAt).toBe(day(20));
      expect(await raw(activityKeys.item(customer.id, late.id))).toMatchObject({ occurredAt: day(5) });
    });

    it('refuses a contact that is not a live contact of the customer, and an open follow-up past the limit', async () => {
      const customer = await newCustomer();
      const other = await newCustomer();
      const theirs = await addContact(other.id);
      const removed = await addContact(customer.id);
      await contacts.remove(removed, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: false, actor });

      await expect(addActivity(customer.id, day(1), { contactId: theirs.id })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
      await expect(addActivity(customer.id, day(1), { contactId: removed.id })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
      await client.send(new UpdateCommand({ TableName: tableName, Key: customerKeys.item(customer.id), UpdateExpression: 'SET openFollowUpCount = :n', ExpressionAttributeValues: { ':n': CUSTOMER_RECORD_LIMITS.openFollowUpsPerCustomer } }));
      await expect(addActivity(customer.id, day(2), { nextFollowUpAt: day(4) })).rejects.toMatchObject({ code: ErrorCode.LimitReached });
      await expect(addActivity(customer.id, day(2))).resolves.toBeDefined();
    });

    it('checks participant contacts in the write: each unknown, removed or foreign one named by its index, nothing written', async () => {
      const customer = await newCustomer();
      const other = await newCustomer();
      const live = await addContact(customer.id);
      const theirs = await addContact(other.id);
      const removed = await addContact(customer.id);
      await contacts.remove(removed, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: false, actor });
      const checks = (ids: string[]) => ids.map((contactId, index) => ({ index, contactId }));
      const participants = { staff: ['am2'], contacts: [live.id, theirs.id, removed.id] };

      const refused = newActivity(customer.id, day(1), { participants, result: 'Signed' });
      await expect(
        activities.create(refused, { guard: { customerId: customer.id }, participantContactChecks: checks(participants.contacts), response: refused }),
      ).rejects.toMatchObject({
        code: ErrorCode.ValidationFailed,
        details: { errors: [{ path: 'body.participants.contacts.1' }, { path: 'body.participants.contacts.2' }] },
      });
      expect(await raw(activityKeys.item(customer.id, refused.id))).toBeUndefined();

      // The contact named as `contactId` and as a participant is checked once (two checks of one item would be a 500).
      const both = { staff: ['am2'], contacts: [live.id] };
      const activity = newActivity(customer.id, day(2), { contactId: live.id, participants: both, result: 'Signed' });
      await activities.create(activity, { guard: { customerId: customer.id }, participantContactChecks: checks(both.contacts), response: activity });
      expect(await raw(activityKeys.item(customer.id, activity.id))).toMatchObject({ result: 'Signed', participants: both });

      const update = (contactIds: string[]) =>
        activities.update(customer.id, activity.id, {
          guard: { customerId: customer.id },
          expectedVersion: 1,
          changes: { participants: { contacts: contactIds } },
          actor,
          checkContactId: live.id,
          participantContactChecks: checks(contactIds),
          followUp: {},
          before: activity,
        });
      await expect(update([live.id, removed.id])).rejects.toMatchObject({ details: { errors: [{ path: 'body.participants.contacts.1' }] } });
      await update([live.id]);
      expect(await raw(activityKeys.item(customer.id, activity.id))).toMatchObject({ version: 2, participants: { contacts: [live.id] } });
      // The audit trail has the new fields (created) and the participants' old and new values (updated).
      const [created, updated, ...more] = await auditEntriesOf(client, tableName, 'activity', activity.id);
      expect(more).toEqual([]);
      expect(changesOf(created!)).toMatchObject({ result: { new: 'Signed' }, participants: { new: both } });
      expect(changesOf(updated!)).toEqual({ participants: { old: both, new: { contacts: [live.id] } } });
    });

    it('lists newest first, by date range and type; the first page reads the customer and directory in the same Query', async () => {
      const customer = await newCustomer();
      const contact = await addContact(customer.id, { name: '王强' });
      const made: StoredActivity[] = [];
      for (let n = 0; n < 9; n += 1) made.push(await addActivity(customer.id, day(n), { type: n % 3 === 0 ? 'call' : 'visit', ...(n === 8 ? { contactId: contact.id } : {}) }));
      const newestFirst = [...made].reverse().map((item) => item.id);

      requests.length = 0;
      const page1 = await activities.list(customer.id, {}, { limit: 4 });
      const page1Requests = [...requests];
      const page2 = await activities.list(customer.id, {}, { limit: 4, startKey: page1.lastKey });
      const page3 = await activities.list(customer.id, {}, { limit: 4, startKey: page2.lastKey });
      const ranged = await activities.list(customer.id, { from: Date.parse(day(2)), to: Date.parse(day(6)) }, { limit: 25 });
      const calls = await activities.list(customer.id, { type: 'call' }, { limit: 25 });

      expect(page1Requests).toEqual(['QueryCommand']);
      expect(page1.customer?.id).toBe(customer.id);
      expect(page1.directory[contact.id]).toEqual({ name: '王强' });
      expect(page2.customer?.id).toBe(customer.id);
      expect([...page1.items, ...page2.items, ...page3.items].map((item) => item.id)).toEqual(newestFirst);
      expect(page3.lastKey).toBeUndefined();
      expect(ranged.items.map((item) => item.occurredAt)).toEqual([day(5), day(4), day(3), day(2)]);
      expect(ranged.customer?.id).toBe(customer.id);
      expect(calls.items.map((item) => item.occurredAt)).toEqual([day(6), day(3), day(0)]);
      expect(calls.customer?.id).toBe(customer.id);
    });

    it('closes a follow-up (off the index, uncounted) and reschedules one (re-keyed on the index)', async () => {
      const customer = await newCustomer();
      const activity = await addActivity(customer.id, day(1), { nextFollowUpAt: day(9) });
      const before = followUpOf(activity);

      await activities.update(customer.id, activity.id, { guard: { customerId: customer.id }, expectedVersion: 1, changes: { followUpDone: true }, actor, followUp: { before }, before: activity });
      const afterDone = await activities.listFollowUps('am1', { dueBefore: day(10) }, { limit: 100 });
      const afterDoneHead = await raw(customerKeys.item(customer.id));
      const after = { ...before, dueAt: day(12) };
      await activities.update(customer.id, activity.id, { guard: { customerId: customer.id }, expectedVersion: 2, changes: { followUpDone: false, nextFollowUpAt: day(12) }, actor, followUp: { after }, before: { ...activity, followUpDone: true, version: 2 } });

      expect(afterDone.items.map((item) => item.activityId)).not.toContain(activity.id);
      expect(afterDoneHead?.openFollowUpCount).toBe(0);
      expect(await raw(followUpKeys.item(customer.id, activity.id))).toMatchObject({ gsi1sk: `${day(12)}#${activity.id}` });
      expect(await raw(activityKeys.item(customer.id, activity.id))).toMatchObject({ version: 3, followUpDone: false, nextFollowUpAt: day(12) });
      await expect(
        activities.update(customer.id, activity.id, { guard: { customerId: customer.id }, expectedVersion: 2, changes: { title: 'x' }, actor, followUp: {}, before: { ...activity, version: 2 } }),
      ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    });

    it('lists a user’s open follow-ups soonest first, cut at dueBefore, in one Query of gsi1', async () => {
      const customer = await newCustomer();
      const assignee = `fu-${ids.next().slice(-8).toLowerCase()}`;
      const made = [];
      for (const [occurred, due] of [[1, 30], [2, 12], [3, 20]] as const) {
        made.push(await addActivity(customer.id, day(occurred), { nextFollowUpAt: day(due), createdBy: assignee }));
      }

      requests.length = 0;
      const all = await activities.listFollowUps(assignee, {}, { limit: 2 });
      const rest = await activities.listFollowUps(assignee, {}, { limit: 2, startKey: all.lastKey });
      const due = await activities.listFollowUps(assignee, { dueBefore: day(20) }, { limit: 25 });

      expect(requests).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand']);
      expect([...all.items, ...rest.items].map((item) => item.dueAt)).toEqual([day(12), day(20), day(30)]);
      expect(due.items.map((item) => item.activityId)).toEqual([made[1]!.id]);
      expect(Object.keys(all.items[0]!).some((key) => /^(pk|sk|gsi|entity)/.test(key))).toBe(false);
    });

    it('deletes an activity into a restorable record and takes its follow-up off the list', async () => {
      const customer = await newCustomer();
      const activity = await addActivity(customer.id, day(1), { nextFollowUpAt: day(3) });

      await activities.remove(activity, { guard: { customerId: customer.id }, expectedVersion: 1, actor, openFollowUp: followUpOf(activity) });

      expect(await raw(activityKeys.item(customer.id, activity.id))).toBeUndefined();
      expect(await raw(activityKeys.removed(customer.id, activity.id))).toMatchObject({ entity: 'RemovedActivity', deletedAt: at });
      expect(await raw(followUpKeys.item(customer.id, activity.id))).toBeUndefined();
      expect((await raw(customerKeys.item(customer.id)))?.openFollowUpCount).toBe(0);
    });
  });

  describe('the 360 view', () => {
    it('reads the customer, all contacts, the latest 20 activities and every open follow-up in exactly one Query of its collection', async () => {
      // Prepare: 3 contacts, 45 activities (an old one with an open follow-up), and items the view must not read
      const customer = await newCustomer();
      const contactIds = [];
      for (let index = 0; index < 3; index += 1) contactIds.push((await addContact(customer.id, { primary: index === 1 })).id);
      const made: StoredActivity[] = [];
      for (let n = 0; n < 45; n += 1) {
        made.push(await addActivity(customer.id, day(n), n === 0 ? { nextFollowUpAt: day(60) } : n === 44 ? { nextFollowUpAt: day(50) } : {}));
      }
      const pk = customerKeys.item(customer.id).pk;
      for (const sk of ['ORDER#2026-11-01T00:00:00.000Z#01JORDER', 'TRANSFER#2026-11-01T00:00:00.000Z#1', 'CUSTOMER#SOMETHING_NEW#1']) {
        await client.send(new PutCommand({ TableName: tableName, Item: { pk, sk, entity: 'Other' } }));
      }

      // Act
      requests.length = 0;
      const read = await overview.read(customer.id);

      // Assess
      // One Query of the customer's item collection, and the attachments', quotes', shipments in transit's and
      // invoices' own index Queries sent in parallel.
      expect(requests).toEqual(['QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
      expect(read.queries).toBe(1);
      expect(read.attachments).toEqual([]);
      expect(read.recentQuotes).toEqual([]);
      expect(read.shipmentsInTransit).toEqual([]);
      expect(read.recentInvoices).toEqual([]);
      expect(read.customer).toMatchObject({ id: customer.id, primaryContactId: contactIds[1], lastContactAt: day(44) });
      expect(read.contacts.map((item) => item.id).sort()).toEqual([...contactIds].sort());
      expect(read.activities.map((item) => item.id)).toEqual(made.slice(-20).reverse().map((item) => item.id));
      expect(read.followUps.map((item) => item.activityId).sort()).toEqual([made[0]!.id, made[44]!.id].sort());
      expect(Object.keys(read.directory).sort()).toEqual([...contactIds].sort());
    });

    it('stays correct when the head outgrows its bound: a second Query fetches the missing activities', async () => {
      const customer = await newCustomer();
      const made: StoredActivity[] = [];
      for (let n = 0; n < 25; n += 1) made.push(await addActivity(customer.id, day(n)));
      // 110 unknown head items — more than the head's whole budget (a feature breaking the contract).
      const pk = customerKeys.item(customer.id).pk;
      for (let index = 0; index < 110; index += 1) {
        await client.send(new PutCommand({ TableName: tableName, Item: { pk, sk: `CUSTOMER#UNBOUNDED#${String(index).padStart(3, '0')}` } }));
      }

      const read = await overview.read(customer.id);

      expect(read.queries).toBe(2);
      expect(read.activities.map((item) => item.id)).toEqual(made.slice(-20).reverse().map((item) => item.id));
    });
  });

  describe('audit trail (issue 8): one entry per committed write, in the same transaction; none for a refused one', () => {
    const later = { username: 'sales', at: '2026-11-22T09:30:00.000Z' };
    const claimFor = (key: string) => ({ username: 'am1', operationId: 'create', key, fingerprint: 'f1', expiresAt: Math.floor(Date.parse(at) / 1000) + 86_400 });

    it('activities: create (once, even replayed or written again back-dated), update with old and new values, delete', async () => {
      const customer = await newCustomer();
      await addActivity(customer.id, day(30));
      const activity = newActivity(customer.id, day(4), { nextFollowUpAt: day(6) });
      const claim = claimFor(`activity-${activity.id}`);
      const create = () => activities.create(activity, { guard: { customerId: customer.id }, followUp: followUpOf(activity), response: activity, idempotency: claim });

      await create();
      expect((await create()).kind).toBe('replayed');
      await activities.update(customer.id, activity.id, {
        guard: { customerId: customer.id }, expectedVersion: 1, changes: { title: 'Site visit', followUpDone: true }, actor: later, followUp: { before: followUpOf(activity) }, before: activity,
      });
      await activities.remove({ ...activity, title: 'Site visit', followUpDone: true, version: 2 }, { guard: { customerId: customer.id }, expectedVersion: 2, actor: later });

      const [created, updated, deleted, ...more] = await auditEntriesOf(client, tableName, 'activity', activity.id);
      expect(more).toEqual([]);
      expect(created).toMatchObject({ action: 'create', actor: 'am1', at, entityType: 'activity', customerId: customer.id, entityVersion: 1 });
      expect(changesOf(created)).toMatchObject({ title: { new: activity.title }, occurredAt: { new: day(4) }, nextFollowUpAt: { new: day(6) } });
      expect(updated).toMatchObject({ action: 'update', actor: 'sales', at: later.at, entityVersion: 2 });
      expect(changesOf(updated)).toEqual({ title: { old: activity.title, new: 'Site visit' }, followUpDone: { old: false, new: true } });
      expect(deleted).toMatchObject({ action: 'delete', customerId: customer.id, changes: [{ field: 'deletedAt', new: later.at }] });
    });

    it('activities: a refused create, update or delete (404 customer, bad contact, 412 stale) leaves no entry', async () => {
      const customer = await newCustomer();
      const theirs = await newCustomer('am2');
      const outOfScope = newActivity(theirs.id, day(2));
      const badContact = newActivity(customer.id, day(2), { contactId: ids.next() });
      const activity = await addActivity(customer.id, day(3));

      await expect(activities.create(outOfScope, { guard: { customerId: theirs.id, ownerScope: 'am1' }, response: outOfScope })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
      await expect(activities.create(badContact, { guard: { customerId: customer.id }, response: badContact })).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
      await expect(
        activities.update(customer.id, activity.id, { guard: { customerId: customer.id }, expectedVersion: 3, changes: { title: 'x' }, actor: later, followUp: {}, before: activity }),
      ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(activities.remove(activity, { guard: { customerId: customer.id }, expectedVersion: 3, actor: later })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });

      expect(await auditEntriesOf(client, tableName, 'activity', outOfScope.id)).toEqual([]);
      expect(await auditEntriesOf(client, tableName, 'activity', badContact.id)).toEqual([]);
      expect((await auditEntriesOf(client, tableName, 'activity', activity.id)).map((entry) => entry.action)).toEqual(['create']);
    });
  });
});
