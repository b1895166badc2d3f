import { defineEntity, fieldsOf } from '#shared/db/entity';
import { reminderBucketOf, type Reminder } from './reminder';
import { reminderKeys } from './reminder.keys';

/** A pending reminder in its minute bucket (shared/reminders/reminder.keys.ts); the job deletes it when it delivers. */
export const reminderEntity = defineEntity<Reminder>({
  name: 'Reminder',
  fields: fieldsOf<Reminder>()('remindAt', 'kind', 'sourceId', 'recipientId', 'title', 'dueAt', 'customerId', 'customerName', 'ownerId', 'path'),
  indexesOf: (reminder) =>
    reminder.kind === 'care' && reminder.customerId
      ? {
          [reminderKeys.careByCustomer.pkAttribute]: reminderKeys.careByCustomer.pk(reminder.customerId),
          [reminderKeys.careByCustomer.skAttribute]: `${reminder.dueAt}#${reminder.sourceId}`,
          ...(reminder.ownerId
            ? { [reminderKeys.careByOwner.pkAttribute]: reminderKeys.careByOwner.pk(reminder.ownerId), [reminderKeys.careByOwner.skAttribute]: `${reminder.dueAt}#${reminder.sourceId}` }
            : {}),
        }
      : {},
  keyOf: (reminder) => reminderKeys.item(reminderBucketOf(reminder.remindAt), reminder.remindAt, reminder.kind, reminder.sourceId),
});
