import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { contactKeys } from '#shared/keys/contact-activity.keys';
import { specialDayReminderOf, type CareContact } from '#shared/reminders/care-reminder';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { contactEntity } from '#functions/contacts/contact.entity';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';

export interface CareIndexBackfillRun {
  /** Customers read from the list index. */
  readonly customers: number;
  /** Special days of their live contacts. */
  readonly days: number;
  /** Pending care reminders that took the care index attributes (a re-run finds them set and writes nothing). */
  readonly updated: number;
}

const DAY_MS = 86_400_000;

/**
 * Sets the care list's index attributes (`gsi1` `CARE#<customerId>`, shared/reminders/reminder.keys.ts) on the pending
 * special-day reminders written before that index existed, so `GET /v1/care` lists them. No Scan: the customers come
 * from the all-customers name index (or one owner's, `ownerId`), their live contacts from the head of each customer's
 * collection (one Query), and a special day's pending reminder sits at one of two keys derived from the contact alone:
 * the first occurrence whose reminder is after yesterday (a job a little behind has not delivered it yet), or the one
 * after it (a care activity closed this year's). Each candidate gets one UpdateItem held to "exists and not yet on the
 * index": a missing reminder or one already set is left as it is. Safe while the API writes, re-runnable.
 * Not covered: no-contact checks (their minute is placed by the job from the rules): they take the index at the job's
 * next move or delivery of them (docs/data-model.md, "Care list").
 */
export const backfillCareIndex = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions & { now?: string } = {},
): Promise<CareIndexBackfillRun> => {
  const run = { customers: 0, days: 0, updated: 0 };
  const after = new Date(Date.parse(options.now ?? new Date().toISOString()) - DAY_MS).toISOString();

  const setIndex = async (reminder: ReturnType<typeof specialDayReminderOf>): Promise<void> => {
    const update = conditionalUpdate(tableName, reminderEntity.keyOf(reminder), buildUpdateExpression({ set: reminderEntity.indexAttributes(reminder) }), {
      ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#indexed)',
      names: { '#pk': 'pk', '#indexed': 'gsi1pk' },
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
    const head = contactKeys.item(String(customer.id), '');
    const contacts = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :contact)',
        ExpressionAttributeValues: { ':pk': head.pk, ':contact': head.sk },
      }),
    );
    for (const item of contacts.Items ?? []) {
      const contact = contactEntity.fromItem(item) as CareContact;
      for (const day of contact.specialDays ?? []) {
        run.days += 1;
        const first = specialDayReminderOf(contact, day, after);
        await setIndex(first);
        await setIndex(specialDayReminderOf(contact, day, first.remindAt));
      }
    }
  });
  return run;
};
