import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { deleteContact } from '#functions/contacts/delete-contact.use-case';
import { getContact } from '#functions/contacts/get-contact.use-case';
import { listContacts } from '#functions/contacts/list-contacts.use-case';
import { updateContact } from '#functions/contacts/update-contact.use-case';
import type { Contact } from '#functions/contacts/contact.schema';
import { ErrorCode } from '#shared/core/errors';
import { CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import { callers, customerRecordsTestKit, PINNED_NOW } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';
const OF_AM2 = '01JCUSTAM2AAAAAAAAAAAAAAAA';
const ARCHIVED = '01JCUSTARCHAAAAAAAAAAAAAAA';

describe('contacts use cases', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;
  const add = (customerId: string, name: string, isPrimary = false, caller: (typeof callers)[keyof typeof callers] = callers.am1) =>
    createContact(kit.contactDeps, { caller, customerId, input: { name, isPrimary } }).then((outcome) => outcome.contact);
  const list = async (customerId = OF_AM1): Promise<Contact[]> =>
    (await listContacts(kit.contactDeps, { caller: callers.admin, customerId, page: { limit: 100 } })).items;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
    kit.store.addCustomer({ id: OF_AM2, ownerId: 'am2' });
    kit.store.addCustomer({ id: ARCHIVED, ownerId: 'am1', deletedAt: '2026-11-01T00:00:00.000Z' });
  });

  it('adds a contact under the account manager’s own customer, with audit fields and a directory entry', async () => {
    // Act
    const outcome = await createContact(kit.contactDeps, {
      caller: callers.am1,
      customerId: OF_AM1,
      input: { name: '张伟', position: '采购经理', mobile: '+86 138 0013 8000', isPrimary: false },
    });

    // Assess
    expect(outcome).toMatchObject({ kind: 'created', contact: { customerId: OF_AM1, name: '张伟', isPrimary: false, version: 1, createdBy: 'am1', createdAt: PINNED_NOW.toISOString() } });
    expect(kit.store.directories.get(OF_AM1)).toEqual({ [outcome.contact.id]: { name: '张伟' } });
    expect(kit.store.head(OF_AM1)?.contactCount).toBe(1);
  });

  it.each([
    ['another manager’s customer', OF_AM2],
    ['an archived customer', ARCHIVED],
    ['a customer that does not exist', '01JNOSUCHCUSTOMERAAAAAAAAA'],
  ])('refuses a contact under %s as customer-not-found, writing nothing', async (_label, customerId) => {
    const attempt = add(customerId, 'Nobody');

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect(kit.store.contacts.size).toBe(0);
    expect(kit.store.writes).toBe(0);
  });

  it('moves the primary flag: making another contact primary takes it from the previous one', async () => {
    // Prepare
    const first = await add(OF_AM1, 'First', true);
    const second = await add(OF_AM1, 'Second');

    // Act
    const promoted = await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: second.id, changes: { isPrimary: true }, expectedVersion: 1 });

    // Assess
    expect(promoted).toMatchObject({ id: second.id, isPrimary: true, version: 2 });
    expect((await list()).map((contact) => [contact.name, contact.isPrimary])).toEqual([['First', false], ['Second', true]]);
    expect(kit.store.head(OF_AM1)?.primaryContactId).toBe(second.id);
    await expect(getContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: first.id })).resolves.toMatchObject({ isPrimary: false, version: 1 });
  });

  it('clears the flag with isPrimary: false only on the primary contact', async () => {
    const primary = await add(OF_AM1, 'Primary', true);
    const other = await add(OF_AM1, 'Other');

    const notPrimary = await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: other.id, changes: { isPrimary: false }, expectedVersion: 1 });
    const stillPrimary = kit.store.head(OF_AM1)?.primaryContactId;
    const cleared = await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: primary.id, changes: { isPrimary: false }, expectedVersion: 1 });

    expect(notPrimary.isPrimary).toBe(false);
    expect(stillPrimary).toBe(primary.id);
    expect(cleared.isPrimary).toBe(false);
    expect(kit.store.head(OF_AM1)?.primaryContactId).toBeUndefined();
  });

  it('keeps at most one primary contact whatever sequence of creates, promotions, demotions and deletes runs', async () => {
    const operation = fc.oneof(
      fc.record({ kind: fc.constant('create' as const), primary: fc.boolean() }),
      fc.record({ kind: fc.constantFrom('promote' as const, 'demote' as const, 'delete' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 25 }), async (operations) => {
        kit = customerRecordsTestKit();
        kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
        for (const [index, op] of operations.entries()) {
          const live = await list();
          if (op.kind === 'create') {
            await add(OF_AM1, `Contact ${index}`, op.primary);
            continue;
          }
          const target = live[op.pick % Math.max(1, live.length)];
          if (!target) continue;
          const request = { caller: callers.sales, customerId: OF_AM1, contactId: target.id, expectedVersion: target.version };
          if (op.kind === 'delete') await deleteContact(kit.contactDeps, request);
          else await updateContact(kit.contactDeps, { ...request, changes: { isPrimary: op.kind === 'promote' } });
        }
        const after = await list();
        const primaries = after.filter((contact) => contact.isPrimary);
        const pointer = kit.store.head(OF_AM1)?.primaryContactId;
        expect(primaries.length).toBeLessThanOrEqual(1);
        expect(primaries[0]?.id).toBe(pointer);
        // The pointer never names a removed contact.
        if (pointer) expect(after.map((contact) => contact.id)).toContain(pointer);
      }),
      { numRuns: 60 },
    );
  });

  it('removes a contact: gone from reads and lists, uncounted, primary pointer cleared, kept restorable and named as removed', async () => {
    const contact = await add(OF_AM1, '李娜', true);

    await deleteContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: contact.id, expectedVersion: 1 });

    await expect(getContact(kit.contactDeps, { caller: callers.admin, customerId: OF_AM1, contactId: contact.id })).rejects.toMatchObject({ code: ErrorCode.ContactNotFound });
    expect(await list()).toEqual([]);
    expect(kit.store.head(OF_AM1)).toMatchObject({ contactCount: 0 });
    expect(kit.store.head(OF_AM1)?.primaryContactId).toBeUndefined();
    expect(kit.store.removedContacts.get(`${OF_AM1}#${contact.id}`)).toMatchObject({ name: '李娜', deletedAt: PINNED_NOW.toISOString() });
    expect(kit.store.directories.get(OF_AM1)?.[contact.id]).toEqual({ name: '李娜', removedAt: PINNED_NOW.toISOString() });
  });

  it('answers not found (not a version conflict) to an account manager writing under another manager’s customer', async () => {
    const contact = await add(OF_AM2, 'Theirs', false, callers.am2);

    const update = updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM2, contactId: contact.id, changes: { memo: 'x' }, expectedVersion: 9 });
    const remove = deleteContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM2, contactId: contact.id, expectedVersion: 9 });
    const read = getContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM2, contactId: contact.id });
    const listing = listContacts(kit.contactDeps, { caller: callers.am1, customerId: OF_AM2, page: { limit: 25 } });

    for (const attempt of [update, remove, read, listing]) await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect(kit.store.contacts.get(`${OF_AM2}#${contact.id}`)?.version).toBe(1);
  });

  it('refuses a stale version and renames in the directory with a fresh one', async () => {
    const contact = await add(OF_AM1, 'Old name');

    const renamed = await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: contact.id, changes: { name: 'New name', memo: 'likes tea' }, expectedVersion: 1 });
    const stale = updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: contact.id, changes: { memo: null }, expectedVersion: 1 });

    expect(renamed).toMatchObject({ name: 'New name', memo: 'likes tea', version: 2 });
    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect(kit.store.directories.get(OF_AM1)?.[contact.id]).toEqual({ name: 'New name' });
  });

  it(`refuses the ${CUSTOMER_RECORD_LIMITS.contactsPerCustomer + 1}th live contact of a customer (the 360 view's bound)`, async () => {
    for (let index = 0; index < CUSTOMER_RECORD_LIMITS.contactsPerCustomer; index += 1) await add(OF_AM1, `Contact ${index}`);

    await expect(add(OF_AM1, 'One too many')).rejects.toMatchObject({ code: ErrorCode.LimitReached });
    expect(await list()).toHaveLength(CUSTOMER_RECORD_LIMITS.contactsPerCustomer);
  });

  it('replays a create with the same idempotency key and request, and refuses another request', async () => {
    const claim = { username: 'am1', operationId: 'createContact', key: 'key-0001', fingerprint: 'f1' };
    const input = { name: 'Once', isPrimary: false };

    const first = await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input, idempotency: claim });
    const replay = await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input, idempotency: claim });
    const other = createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: 'Twice', isPrimary: false }, idempotency: { ...claim, fingerprint: 'f2' } });

    expect(replay).toEqual({ kind: 'replayed', contact: first.contact });
    await expect(other).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
    expect(await list()).toHaveLength(1);
  });
});
