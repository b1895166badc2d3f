import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { contactKeys, CUSTOMER_RECORD_LIMITS } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/** Contacts against DynamoDB Local: keys, transactions, conditions, reads, and their audit entries. */
describe('the contact repository on DynamoDB Local', () => {
  const { ids, at, actor, client, tableName, requests, customers, contacts, raw, newCustomer, newContact, addContact } = customerRecordsOnDynamoDb(3030);

  describe('contacts', () => {
    it('writes the contact, its directory entry, the count and the primary pointer in one transaction, leaving the customer version alone', async () => {
      const customer = await newCustomer();
      const contact = newContact(customer.id, '张伟');

      requests.length = 0;
      await contacts.create(contact, { guard: { customerId: customer.id, ownerScope: 'am1' }, makePrimary: true, response: { ...contact, isPrimary: true } });

      // The customer's owner first (the contact's place in the contacts feed), then the one transaction.
      expect(requests).toEqual(['GetItemCommand', 'TransactWriteItemsCommand']);
      expect(await raw(contactKeys.item(customer.id, contact.id))).toMatchObject({ entity: 'Contact', name: '张伟', sk: `CUSTOMER#CONTACT#${contact.id}`, gsi8pk: 'CONTACT#OWNER#am1' });
      expect(await raw(contactKeys.directory(customer.id))).toMatchObject({ [contact.id]: { name: '张伟' } });
      expect(await raw(customerKeys.item(customer.id))).toMatchObject({ primaryContactId: contact.id, contactCount: 1, version: 1 });
      expect(await customers.get(customer.id)).toMatchObject({ primaryContactId: contact.id, version: 1 });
    });

    it('refuses a contact under another owner’s, an archived or a missing customer, writing nothing', async () => {
      const theirs = await newCustomer('am2');
      const archived = await newCustomer();
      await customers.archive(archived.id, { expectedVersion: 1 }, actor);

      for (const guard of [{ customerId: theirs.id, ownerScope: 'am1' }, { customerId: archived.id }, { customerId: ids.next() }]) {
        const contact = newContact(guard.customerId);
        await expect(contacts.create(contact, { guard, makePrimary: true, response: { ...contact, isPrimary: true } })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
        expect(await raw(contactKeys.item(guard.customerId, contact.id))).toBeUndefined();
        expect(await raw(contactKeys.directory(guard.customerId))).toBeUndefined();
      }
      expect((await raw(customerKeys.item(theirs.id)))?.primaryContactId).toBeUndefined();
    });

    it('refuses a contact past the limit with 409, judged from the same transaction', async () => {
      const customer = await newCustomer();
      await client.send(new UpdateCommand({ TableName: tableName, Key: customerKeys.item(customer.id), UpdateExpression: 'SET contactCount = :n', ExpressionAttributeValues: { ':n': CUSTOMER_RECORD_LIMITS.contactsPerCustomer } }));

      await expect(addContact(customer.id)).rejects.toMatchObject({ code: ErrorCode.LimitReached });
    });

    it('moves the primary pointer, and a clear that finds it already elsewhere still applies the other changes', async () => {
      const customer = await newCustomer();
      const first = await addContact(customer.id, { primary: true });
      const second = await addContact(customer.id);

      await contacts.update(customer.id, second.id, { guard: { customerId: customer.id }, expectedVersion: 1, changes: {}, primary: 'set', actor, before: { ...second, isPrimary: false } });
      // `first` was read as primary a moment ago; its clear must not take the flag from `second`.
      requests.length = 0;
      await contacts.update(customer.id, first.id, { guard: { customerId: customer.id }, ownerId: 'am1', expectedVersion: 1, changes: { memo: 'moved on' }, primary: 'clear', actor, before: { ...first, isPrimary: true } });

      expect(requests).toEqual(['TransactWriteItemsCommand', 'TransactWriteItemsCommand']);
      expect((await raw(customerKeys.item(customer.id)))?.primaryContactId).toBe(second.id);
      expect(await raw(contactKeys.item(customer.id, first.id))).toMatchObject({ memo: 'moved on', version: 2 });
    });

    it('tells a stale version (412) from a contact that is gone (404) and a customer out of scope (404)', async () => {
      const customer = await newCustomer();
      const contact = await addContact(customer.id);
      const update = (contactId: string, guard: { customerId: string; ownerScope?: string }, expectedVersion: number) =>
        contacts.update(customer.id, contactId, { guard, expectedVersion, changes: { memo: 'x' }, primary: 'keep', actor, before: { ...contact, isPrimary: false } });

      await expect(update(contact.id, { customerId: customer.id }, 4)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(update(ids.next(), { customerId: customer.id }, 1)).rejects.toMatchObject({ code: ErrorCode.ContactNotFound });
      await expect(update(contact.id, { customerId: customer.id, ownerScope: 'am2' }, 4)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
      expect((await raw(contactKeys.item(customer.id, contact.id)))?.version).toBe(1);
    });

    it('removes a contact into a restorable record, uncounts it, clears the pointer and marks it removed in the directory', async () => {
      const customer = await newCustomer();
      const contact = await addContact(customer.id, { name: '李娜', primary: true });

      await contacts.remove(contact, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: true, actor });

      expect(await raw(contactKeys.item(customer.id, contact.id))).toBeUndefined();
      expect(await raw(contactKeys.removed(customer.id, contact.id))).toMatchObject({ entity: 'RemovedContact', name: '李娜', deletedAt: at, deletedBy: 'admin' });
      expect(await raw(contactKeys.directory(customer.id))).toMatchObject({ [contact.id]: { name: '李娜', removedAt: at } });
      const head = await raw(customerKeys.item(customer.id));
      expect(head).toMatchObject({ contactCount: 0, version: 1 });
      expect(head?.primaryContactId).toBeUndefined();
    });

    it('pages contacts in creation order: the first page is one Query with the customer in it', async () => {
      const customer = await newCustomer();
      const added: string[] = [];
      for (let index = 0; index < 7; index += 1) added.push((await addContact(customer.id, { primary: index === 4 })).id);

      requests.length = 0;
      const first = await contacts.list(customer.id, { limit: 3 });
      const firstRequests = [...requests];
      const second = await contacts.list(customer.id, { limit: 3, startKey: first.lastKey });
      const third = await contacts.list(customer.id, { limit: 3, startKey: second.lastKey });

      expect(firstRequests).toEqual(['QueryCommand']);
      expect(first.customer).toMatchObject({ id: customer.id, primaryContactId: added[4] });
      expect(second.customer).toMatchObject({ id: customer.id });
      expect([...first.items, ...second.items, ...third.items].map((item) => item.id)).toEqual(added);
      expect(third.lastKey).toBeUndefined();
      await expect(contacts.list(customer.id, { limit: 3, startKey: { pk: 'CUSTOMER#OTHER', sk: 'CUSTOMER#CONTACT#X' } })).rejects.toMatchObject({ code: ErrorCode.InvalidCursor });
    });
  });

  describe('audit trail (issue 8): one entry per committed write, in the same transaction; none for a refused one', () => {
    const later = { username: 'sales', at: '2026-11-22T09:30:00.000Z' };
    const claimFor = (key: string) => ({ username: 'am1', operationId: 'create', key, fingerprint: 'f1', expiresAt: Math.floor(Date.parse(at) / 1000) + 86_400 });

    it('contacts: create (once, even when replayed), update with old and new values, delete — filed under the customer', async () => {
      const customer = await newCustomer();
      const contact = newContact(customer.id, '张伟');
      const claim = claimFor(`contact-${contact.id}`);
      const create = () => contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: false, response: { ...contact, isPrimary: false }, idempotency: claim });

      await create();
      expect((await create()).kind).toBe('replayed');
      await contacts.update(customer.id, contact.id, {
        guard: { customerId: customer.id }, expectedVersion: 1, changes: { name: '张伟伟', memo: 'vip' }, primary: 'set', actor: later, before: { ...contact, isPrimary: false },
      });
      await contacts.remove({ ...contact, name: '张伟伟', memo: 'vip', version: 2 }, { guard: { customerId: customer.id }, expectedVersion: 2, wasPrimary: true, actor: later });

      const [created, updated, deleted, ...more] = await auditEntriesOf(client, tableName, 'contact', contact.id);
      expect(more).toEqual([]);
      expect(created).toMatchObject({ action: 'create', actor: 'am1', at, entityType: 'contact', customerId: customer.id, entityVersion: 1 });
      expect(changesOf(created)).toMatchObject({ name: { new: '张伟' }, customerId: { new: customer.id }, isPrimary: { new: false } });
      expect(updated).toMatchObject({ action: 'update', actor: 'sales', at: later.at, customerId: customer.id, entityVersion: 2 });
      expect(changesOf(updated)).toEqual({ name: { old: '张伟', new: '张伟伟' }, memo: { new: 'vip' }, isPrimary: { old: false, new: true } });
      expect(deleted).toMatchObject({ action: 'delete', actor: 'sales', customerId: customer.id, changes: [{ field: 'deletedAt', new: later.at }] });
    });

    it('contacts: the salutation, department, address, phones and WeChat ID are stored, read back and audited', async () => {
      const customer = await newCustomer();
      const details = { salutation: '女士', department: '财务部', address: '上海市浦东新区', homePhone: '021 5000 0000', fax: '021-5000-0001', wechat: 'li_na2026' };
      const contact = { ...newContact(customer.id, '李娜'), ...details };
      await contacts.create(contact, { guard: { customerId: customer.id }, makePrimary: false, response: { ...contact, isPrimary: false } });
      await contacts.update(customer.id, contact.id, {
        guard: { customerId: customer.id }, expectedVersion: 1, changes: { wechat: 'lina_sh', fax: null }, primary: 'keep', actor: later, before: { ...contact, isPrimary: false },
      });

      const { fax: _fax, ...kept } = details;
      expect((await contacts.get(customer.id, contact.id)).contact).toMatchObject({ ...kept, wechat: 'lina_sh', version: 2 });
      const [created, updated] = await auditEntriesOf(client, tableName, 'contact', contact.id);
      expect(changesOf(created!)).toMatchObject({ salutation: { new: '女士' }, address: { new: '上海市浦东新区' }, wechat: { new: 'li_na2026' } });
      expect(changesOf(updated!)).toEqual({ wechat: { old: 'li_na2026', new: 'lina_sh' }, fax: { old: '021-5000-0001' } });
    });

    it('contacts: a refused create, update or delete (404 customer, 409 limit, 412 stale, 404 gone) leaves no entry', async () => {
      const theirs = await newCustomer('am2');
      const full = await newCustomer();
      await client.send(new UpdateCommand({ TableName: tableName, Key: customerKeys.item(full.id), UpdateExpression: 'SET contactCount = :n', ExpressionAttributeValues: { ':n': CUSTOMER_RECORD_LIMITS.contactsPerCustomer } }));
      const outOfScope = newContact(theirs.id);
      const overLimit = newContact(full.id);
      const customer = await newCustomer();
      const contact = await addContact(customer.id);

      await expect(contacts.create(outOfScope, { guard: { customerId: theirs.id, ownerScope: 'am1' }, makePrimary: false, response: { ...outOfScope, isPrimary: false } })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
      await expect(contacts.create(overLimit, { guard: { customerId: full.id }, makePrimary: false, response: { ...overLimit, isPrimary: false } })).rejects.toMatchObject({ code: ErrorCode.LimitReached });
      await expect(
        contacts.update(customer.id, contact.id, { guard: { customerId: customer.id }, expectedVersion: 2, changes: { memo: 'x' }, primary: 'keep', actor: later, before: { ...contact, isPrimary: false } }),
      ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
      await expect(contacts.remove(contact, { guard: { customerId: customer.id, ownerScope: 'am2' }, expectedVersion: 1, wasPrimary: false, actor: later })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
      await contacts.remove(contact, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: false, actor: later });
      await expect(contacts.remove(contact, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: false, actor: later })).rejects.toMatchObject({ code: ErrorCode.ContactNotFound });

      expect(await auditEntriesOf(client, tableName, 'contact', outOfScope.id)).toEqual([]);
      expect(await auditEntriesOf(client, tableName, 'contact', overLimit.id)).toEqual([]);
      expect((await auditEntriesOf(client, tableName, 'contact', contact.id)).map((entry) => entry.action)).toEqual(['create', 'delete']);
    });
  });
});
