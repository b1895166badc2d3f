import { beforeEach, describe, expect, it } from 'vitest';
import { createContact } from '#functions/contacts/create-contact.use-case';
import { deleteContact } from '#functions/contacts/delete-contact.use-case';
import { syncContacts } from '#functions/contacts/sync-contacts.use-case';
import { updateContact } from '#functions/contacts/update-contact.use-case';
import { ErrorCode } from '#shared/core/errors';
import { SYNC_SETTLE_MS } from '#shared/customer-records/delta-sync';
import { callers, customerRecordsTestKit, PINNED_NOW } from '#test/fakes/customer-records-test-kit';

const OF_AM1 = '01JCUSTAM1AAAAAAAAAAAAAAAA';
const at = (minutes: number) => new Date(PINNED_NOW.getTime() + minutes * 60_000);

describe('syncContacts: a customer’s contacts delta feed', () => {
  let kit: ReturnType<typeof customerRecordsTestKit>;

  beforeEach(() => {
    kit = customerRecordsTestKit();
    kit.store.addCustomer({ id: OF_AM1, ownerId: 'am1' });
  });

  it('answers the contacts changed since and tombstones of those deleted since, in change order', async () => {
    // Prepare
    kit.setNow(at(0));
    const old = (await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: 'Old', isPrimary: false } })).contact;
    const gone = (await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: 'Gone', isPrimary: false } })).contact;
    const edited = (await createContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, input: { name: 'Edited', isPrimary: false } })).contact;
    kit.setNow(at(10));
    await deleteContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: gone.id, expectedVersion: 1 });
    kit.setNow(at(20));
    await updateContact(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, contactId: edited.id, changes: { position: 'CEO' }, expectedVersion: 1 });
    kit.setNow(at(30));

    // Act
    const feed = await syncContacts(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, updatedSince: at(5).toISOString() });

    // Assess
    expect(feed.items).toEqual([
      { id: gone.id, deleted: true, deletedAt: at(10).toISOString(), reason: 'deleted' },
      expect.objectContaining({ id: edited.id, position: 'CEO', isPrimary: false }),
    ]);
    expect(feed.items.map((item) => item.id)).not.toContain(old.id);
    expect(feed.window.until).toBe(new Date(at(30).getTime() - SYNC_SETTLE_MS).toISOString());
  });

  it('answers 404 for another manager’s customer and 400 naming updatedSince for an instant an hour ahead', async () => {
    const other = syncContacts(kit.contactDeps, { caller: callers.am2, customerId: OF_AM1, updatedSince: PINNED_NOW.toISOString() });
    const future = syncContacts(kit.contactDeps, { caller: callers.am1, customerId: OF_AM1, updatedSince: at(60).toISOString() });

    await expect(other).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(future).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
  });
});
