import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbContactFeed } from '#functions/contacts/contact-feed.repository';
import { backfillOwnerFeed } from '#functions/jobs/owner-feed-backfill';
import { FULL_SYNC_SINCE } from '#shared/customer-records/delta-sync';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * The contacts delta feed across customers on DynamoDB Local: the feed attributes every contact write sets (gsi8 per
 * owner, gsi11 for all), the delete's tombstone, a write racing a transfer, the transfer's move with its tombstones,
 * and the back-fill. Each test has owners of its own, so their feed partitions hold its contacts only.
 */
describe('contacts delta feed on DynamoDB Local', () => {
  const { ids, at, client, tableName, requests, customers, contacts, raw, newCustomer, newContact } = customerRecordsOnDynamoDb(1717);
  const feed = new DynamoDbContactFeed(client, tableName);
  const everything = { since: FULL_SYNC_SINCE, until: '2100-01-01T00:00:00.000Z' };
  const minute = (n: number) => new Date(Date.parse(at) + n * 60_000).toISOString();
  const owner = (label: string) => `feed-${label}-${ids.next().slice(-8).toLowerCase()}`;
  const create = async (customerId: string) => {
    const contact = newContact(customerId);
    await contacts.create(contact, { guard: { customerId }, makePrimary: false, response: { ...contact, isPrimary: false } });
    return contact;
  };

  it('files a contact under its owner and everyone by change time, moves it on update, and leaves a tombstone on delete; one Query per page', async () => {
    // Prepare
    const ownerId = owner('a');
    const customer = await newCustomer(ownerId);
    const kept = await create(customer.id);
    const gone = await create(customer.id);
    await contacts.update(customer.id, kept.id, {
      guard: { customerId: customer.id }, expectedVersion: 1, changes: { memo: 'moved' }, primary: 'keep',
      actor: { username: 'admin', at: minute(10) }, before: { ...kept, isPrimary: false },
    });
    await contacts.remove(gone, { guard: { customerId: customer.id }, expectedVersion: 1, wasPrimary: false, actor: { username: 'admin', at: minute(20) } });

    // Act
    requests.length = 0;
    const page = await feed.page({ ownerId }, everything, { limit: 10 });

    // Assess
    expect(requests).toEqual(['QueryCommand']);
    expect(page.items).toEqual([
      expect.objectContaining({ id: kept.id, memo: 'moved', version: 2 }),
      { id: gone.id, deleted: true, deletedAt: minute(20), reason: 'deleted' },
    ]);
    expect(await raw(contactKeys.item(customer.id, kept.id))).toMatchObject({
      gsi8pk: `CONTACT#OWNER#${ownerId}`, gsi8sk: `${minute(10)}#${kept.id}`, gsi11pk: 'CONTACT', gsi11sk: `${minute(10)}#${kept.id}`,
    });
    const all = await feed.page({}, { since: minute(10), until: minute(21) }, { limit: 100 });
    expect(all.items.filter((item) => item.id === kept.id || item.id === gone.id).map((item) => item.id)).toEqual([kept.id, gone.id]);
  });

  it('writes a contact again under the new owner when a transfer committed between its read and its write', async () => {
    // Prepare
    const [from, to] = [owner('from'), owner('to')];
    const customer = await newCustomer(from);
    const contact = await create(customer.id);
    await client.send(new UpdateCommand({ TableName: tableName, Key: customerKeys.item(customer.id), UpdateExpression: 'SET ownerId = :to', ExpressionAttributeValues: { ':to': to } }));

    // Act
    await contacts.update(customer.id, contact.id, {
      guard: { customerId: customer.id }, ownerId: from, expectedVersion: 1, changes: { memo: 'after the transfer' }, primary: 'keep',
      actor: { username: 'admin', at: minute(5) }, before: { ...contact, isPrimary: false },
    });

    // Assess
    expect(await raw(contactKeys.item(customer.id, contact.id))).toMatchObject({ memo: 'after the transfer', version: 2, gsi8pk: `CONTACT#OWNER#${to}` });
  });

  it('moves the contacts to the new owner’s feed on a transfer, each leaving a tombstone in the previous owner’s', async () => {
    // Prepare
    const [from, to] = [owner('from'), owner('to')];
    const customer = await newCustomer(from);
    const first = await create(customer.id);
    const second = await create(customer.id);

    // Act
    await customers.transfer(customer.id, { ownerId: to, ownerName: to }, { expectedVersion: 1 }, { username: 'admin', at: minute(30) });

    // Assess
    const previous = await feed.page({ ownerId: from }, everything, { limit: 10 });
    const next = await feed.page({ ownerId: to }, everything, { limit: 10 });
    expect(previous.items).toEqual([
      expect.objectContaining({ id: first.id, deleted: true, reason: 'transferred' }),
      expect.objectContaining({ id: second.id, deleted: true, reason: 'transferred' }),
    ]);
    expect(next.items.map((item) => item.id).sort()).toEqual([first.id, second.id].sort());
    expect(next.items.every((item) => !('deleted' in item))).toBe(true);
  });

  it('the back-fill gives contacts written before the feed their keys and moves those a transfer left behind; a re-run writes nothing', async () => {
    // Prepare
    const [before, now] = [owner('old'), owner('new')];
    const customer = await newCustomer(now);
    const old = await create(customer.id);
    const left = await create(customer.id);
    await client.send(new UpdateCommand({ TableName: tableName, Key: contactKeys.item(customer.id, old.id), UpdateExpression: 'REMOVE gsi8pk, gsi8sk, gsi11pk, gsi11sk' }));
    await client.send(new UpdateCommand({ TableName: tableName, Key: contactKeys.item(customer.id, left.id), UpdateExpression: 'SET gsi8pk = :old', ExpressionAttributeValues: { ':old': `CONTACT#OWNER#${before}` } }));

    // Act
    const first = await backfillOwnerFeed(client, tableName, { ownerId: now, kinds: ['contact'] });
    const again = await backfillOwnerFeed(client, tableName, { ownerId: now, kinds: ['contact'] });

    // Assess
    expect(first).toEqual({ customers: 1, moved: { contact: 2, order: 0 }, skipped: 0 });
    expect(again).toEqual({ customers: 1, moved: { contact: 0, order: 0 }, skipped: 0 });
    expect(await raw(contactKeys.item(customer.id, old.id))).toMatchObject({ gsi8pk: `CONTACT#OWNER#${now}`, gsi8sk: `${old.updatedAt}#${old.id}`, gsi11pk: 'CONTACT' });
    expect((await feed.page({ ownerId: now }, everything, { limit: 10 })).items.map((item) => item.id).sort()).toEqual([old.id, left.id].sort());
    expect((await feed.page({ ownerId: before }, everything, { limit: 10 })).items).toEqual([expect.objectContaining({ id: left.id, reason: 'transferred' })]);
  });
});
