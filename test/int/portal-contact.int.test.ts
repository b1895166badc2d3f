import { describe, expect, it } from 'vitest';
import { ErrorCode } from '#shared/core/errors';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { reminderBucketOf, type Reminder } from '#shared/reminders/reminder';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { customerRecordsOnDynamoDb } from './customer-records.fixture';

/**
 * A portal user's own contact update (issue 21) tells the account manager IN the contact update's transaction (the
 * `notify` part of functions/contacts' update): on DynamoDB Local, the reminder is written with the change, and a
 * refused change writes no reminder.
 */
describe('the contact update with a notify reminder, on DynamoDB Local', () => {
  const { actor, raw, contacts, newCustomer, addContact } = customerRecordsOnDynamoDb(2121);

  const reminderFor = (contactId: string, customerId: string, remindAt: string): Reminder => ({
    remindAt,
    kind: 'portal',
    sourceId: contactId,
    recipientId: 'am1',
    title: 'changed their contact details in the portal',
    dueAt: actor.at,
    customerId,
    customerName: 'Co',
    path: `/v1/customers/${customerId}/contacts/${contactId}`,
  });
  const keyOf = (reminder: Reminder) => reminderKeys.item(reminderBucketOf(reminder.remindAt), reminder.remindAt, reminder.kind, reminder.sourceId);

  it('writes the reminder with the change, and none when the change is refused (stale version)', async () => {
    // Prepare
    const customer = await newCustomer();
    const contact = await addContact(customer.id);
    const written = reminderFor(contact.id, customer.id, '2030-01-01T09:01:00.000Z');
    const refused = reminderFor(contact.id, customer.id, '2030-01-01T09:02:00.000Z');
    const update = (expectedVersion: number, notify: Reminder) =>
      contacts.update(customer.id, contact.id, {
        guard: { customerId: customer.id }, expectedVersion, changes: { mobile: '13800138000' }, primary: 'keep', actor, before: { ...contact, isPrimary: false }, notify,
      });
    // Act
    await update(1, written);
    const stale = await update(1, refused).catch((error: { code?: string }) => error.code);
    // Assess
    expect(await raw(contactKeys.item(customer.id, contact.id))).toMatchObject({ mobile: '13800138000', version: 2 });
    expect(await raw(keyOf(written))).toMatchObject({ kind: 'portal', recipientId: 'am1', sourceId: contact.id });
    expect(stale).toBe(ErrorCode.VersionConflict);
    expect(await raw(keyOf(refused))).toBeUndefined();
  });
});
