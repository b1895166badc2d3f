import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { specialDayReminderOf, type CareContact } from '#shared/reminders/care-reminder';
import { careItemsOf, moveCareToOwner } from '#shared/reminders/care-owner.repository';
import { noContactCheckOf, noContactCustomerOf } from '#shared/reminders/no-contact-reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { contactEntity } from '#functions/contacts/contact.entity';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';

export interface CareIndexBackfillRun {
  /** Customers read from the list index. */
  readonly customers: number;
  /** Special days of their live contacts. */
  readonly days: number;
  /** Pending care reminders that took the care index attributes (a re-run finds them set and writes nothing). */
  readonly updated: number;
  /** Pending care reminders put on their customer's owner's care index, the calendar's (a re-run: none). */
  readonly owned: number;
  /** "No contact" checks armed for customers that had none pending (never contacted, or stored before the checks). */
  readonly armed: number;
}

const DAY_MS = 86_400_000;

/**
 * Three repairs per live customer, for the care reminders stored before each existed — all re-runnable, safe while
 * the API writes, and no Scan.
 *
 * 1. Sets the care list's index attributes (`gsi1` `CARE#<customerId>`, shared/reminders/reminder.keys.ts) on the pending
 * special-day reminders written before that index existed, so `GET /v1/care` lists them. No Scan: the customers come
 * from the all-customers name index (or one owner's, `ownerId`), their live contacts from the head of each customer's
 * collection (one Query), and a special day's pending reminder sits at one of two keys derived from the contact alone:
 * the first occurrence whose reminder is after yesterday (a job a little behind has not delivered it yet), or the one
 * after it (a care activity closed this year's). Each candidate gets one UpdateItem held to "exists and not yet on the
 * index": a missing reminder or one already set is left as it is. Safe while the API writes, re-runnable.
 * The special day's reminder takes its customer's owner too (the owner's care index, the calendar's).
 * 2. Puts every care reminder on the customer's care index onto its owner's care index when it is not there yet
 * (shared/reminders/care-owner.repository.ts, the move a transfer makes).
 * 3. Arms a "no contact for N days" check (shared/reminders/no-contact-reminder.ts) for a customer without a pending
 * one reminded after yesterday: a customer never contacted, or one whose activities predate the checks. The check
 * is first looked at a day after the run, when the job places it from `lastContactAt ?? createdAt` by the level's
 * rule; it is put only when absent (`attribute_not_exists`), and a re-run finds it on the care index and arms none.
 */
export const backfillCareIndex = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions & { now?: string } = {},
): Promise<CareIndexBackfillRun> => {
  const run = { customers: 0, days: 0, updated: 0, owned: 0, armed: 0 };
  const at = options.now ?? new Date().toISOString();
  const after = new Date(Date.parse(options.now ?? new Date().toISOString()) - DAY_MS).toISOString();

  const setIndex = async (reminder: ReturnType<typeof specialDayReminderOf>): Promise<void> => {
    const set = { ...(reminder.ownerId ? { ownerId: reminder.ownerId } : {}), ...reminderEntity.indexAttributes(reminder) };
    const update = conditionalUpdate(tableName, reminderEntity.keyOf(reminder), buildUpdateExpression({ set }), {
      ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#indexed)',
      names: { '#pk': 'pk', '#indexed': reminderKeys.careByCustomer.pkAttribute },
      values: {},
    });
    try {
      await client.send(new UpdateCommand(update.Update));
      run.updated += 1;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  };

  await walkCustomers(client, tableName, options, async (customer) => {
    run.customers += 1;
    const ownerId = typeof customer.ownerId === 'string' ? customer.ownerId : undefined;
    const head = contactKeys.item(String(customer.id), '');
    const contacts = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
        ExpressionAttributeValues: { ':pk': head.pk, ':contact': head.sk },
      }),
    );
    for (const item of contacts.Items ?? []) {
      const contact = { ...(contactEntity.fromItem(item) as CareContact), ...(ownerId ? { ownerId } : {}) };
      for (const day of contact.specialDays ?? []) {
        run.days += 1;
        const first = specialDayReminderOf(contact, day, after);
        await setIndex(first);
        await setIndex(specialDayReminderOf(contact, day, first.remindAt));
      }
    }
    const customerId = String(customer.id);
    const care = await careItemsOf(client, tableName, customerId);
    if (ownerId) run.owned += await moveCareToOwner(client, tableName, customerId, ownerId, care);
    const pending = care.some((item) => noContactCustomerOf(String(item.sourceId)) === customerId && String(item.remindAt) >= after);
    if (!pending) {
      try {
        await client.send(new PutCommand({ TableName: tableName, Item: reminderEntity.toItem({ ...noContactCheckOf(customerId, at), ...(ownerId ? { ownerId } : {}) }), ConditionExpression: 'attribute_not_exists(pk)' }));
        run.armed += 1;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    }
  });
  return run;
};
