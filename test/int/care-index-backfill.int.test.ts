import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import { backfillCareIndex } from '#functions/jobs/care-index-backfill';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { specialDayReminderOf } from '#shared/reminders/care-reminder';
import { noContactCheckOf } from '#shared/reminders/no-contact-reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { useLocalStack } from '#test/support/e2e';

/** The care index backfill on DynamoDB Local: a special day's reminder stored before the index gets it, once. */
describe('care index backfill on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(12_07));
  const owner = `carefill-${ids.next()}`;
  const now = '2026-12-07T03:00:00.000Z';
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  });
  afterAll(() => client.destroy());

  it("sets the care index on a contact's pending special-day reminder, writes nothing on a re-run", async () => {
    // Prepare: a customer, a contact with a birthday and, as before the index, its reminder without gsi1 attributes.
    const customerId = ids.next();
    await new DynamoDbCustomerRepository(client, tableName).create({
      id: customerId, customerNo: `CIB-${customerId.slice(-8)}`, name: `Care backfill ${customerId}`, level: 'ordinary', status: 'active', ownerId: owner,
      ownerName: owner, tags: [], version: 1, createdAt: now, createdBy: 'admin', updatedAt: now, updatedBy: 'admin',
    });
    const contact = { id: ids.next(), customerId, name: 'Han Meimei', specialDays: [{ type: 'birthday', date: '12-25' }] };
    await client.send(new PutCommand({ TableName: tableName, Item: { ...contactKeys.item(customerId, contact.id), entity: 'Contact', ...contact } }));
    const reminder = specialDayReminderOf(contact, contact.specialDays[0]!, now);
    const key = reminderEntity.keyOf(reminder);
    await client.send(new PutCommand({ TableName: tableName, Item: reminderEntity.toItem(reminder) }));
    await client.send(new UpdateCommand({ TableName: tableName, Key: key, UpdateExpression: 'REMOVE gsi1pk, gsi1sk' }));

    // Act
    const first = await backfillCareIndex(client, tableName, { ownerId: owner, now });
    const second = await backfillCareIndex(client, tableName, { ownerId: owner, now });

    // Assess
    const stored = (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item;
    expect(stored).toMatchObject({ gsi1pk: `CARE#${customerId}`, gsi1sk: `${reminder.dueAt}#${reminder.sourceId}`, gsi2pk: `CAREOWNER#${owner}`, ownerId: owner });
    // The create armed the customer's no-contact check (on its owner's index already): none armed, none moved.
    expect(first).toEqual({ customers: 1, days: 1, updated: 1, owned: 0, armed: 0 });
    expect(second).toEqual({ customers: 1, days: 1, updated: 0, owned: 0, armed: 0 });
  });

  it('arms a no-contact check for a customer stored before the checks (never contacted), once', async () => {
    // Prepare: a customer created by the repository, then its armed check removed, as for one stored before.
    const customerId = ids.next();
    const other = `carefill-${ids.next()}`;
    await new DynamoDbCustomerRepository(client, tableName).create({
      id: customerId, customerNo: `CIB-${customerId.slice(-8)}`, name: `Never contacted ${customerId}`, level: 'ordinary', status: 'active', ownerId: other,
      ownerName: other, tags: [], version: 1, createdAt: now, createdBy: 'admin', updatedAt: now, updatedBy: 'admin',
    });
    const armedAtCreate = reminderEntity.keyOf(noContactCheckOf(customerId, now));
    expect((await client.send(new GetCommand({ TableName: tableName, Key: armedAtCreate }))).Item).toMatchObject({ sourceId: `no-contact:${customerId}` });
    await client.send(new DeleteCommand({ TableName: tableName, Key: armedAtCreate }));
    const later = '2026-12-09T05:00:00.000Z';

    // Act
    const first = await backfillCareIndex(client, tableName, { ownerId: other, now: later });
    const second = await backfillCareIndex(client, tableName, { ownerId: other, now: later });

    // Assess
    const armed = (await client.send(new GetCommand({ TableName: tableName, Key: reminderEntity.keyOf(noContactCheckOf(customerId, later)) }))).Item;
    expect(armed).toMatchObject({ kind: 'care', sourceId: `no-contact:${customerId}`, recipientId: 'customer-owner', gsi1pk: `CARE#${customerId}`, gsi2pk: `CAREOWNER#${other}` });
    expect(first).toMatchObject({ customers: 1, armed: 1 });
    expect(second).toMatchObject({ customers: 1, armed: 0, owned: 0 });
  });
});
