import type { TransactItem } from '#shared/db/transactions';
import { reminderBucketOf, type Reminder } from './reminder';
import { reminderEntity } from './reminder.entity';
import { reminderKeys } from './reminder.keys';

/**
 * The transaction elements a write adds for its reminder: the Put of the new one, the Delete of the old one. Every
 * feature that schedules reminders adds these to the transaction of its own write, so a reminder exists exactly
 * while its record asks for it.
 */
export const reminderPut = (tableName: string, reminder: Reminder): TransactItem => ({
  Put: { TableName: tableName, Item: reminderEntity.toItem(reminder) },
});

/** Deletes a pending reminder (no condition: the job may already have delivered and removed it). */
export const reminderDelete = (tableName: string, reminder: Pick<Reminder, 'remindAt' | 'kind' | 'sourceId'>): TransactItem => ({
  Delete: {
    TableName: tableName,
    Key: reminderKeys.item(reminderBucketOf(reminder.remindAt), reminder.remindAt, reminder.kind, reminder.sourceId),
  },
});

type ReminderPlace = Pick<Reminder, 'remindAt' | 'kind' | 'sourceId'>;

const sameKey = (a: ReminderPlace, b: ReminderPlace): boolean =>
  a.remindAt === b.remindAt && a.kind === b.kind && a.sourceId === b.sourceId;

/**
 * The elements that move a record's reminder from `before` to `after` (either may be absent): a Delete of the old
 * one and a Put of the new one, or only the Put when both sit at the same key (a transaction may touch an item once).
 */
export const reminderChange = (tableName: string, before: ReminderPlace | undefined, after: Reminder | undefined): TransactItem[] => {
  if (before && after && sameKey(before, after)) return [reminderPut(tableName, after)];
  return [...(before ? [reminderDelete(tableName, before)] : []), ...(after ? [reminderPut(tableName, after)] : [])];
};
