import type { TransactItem } from '#shared/db/transactions';
import { careRemindersOf, type CareContact } from './care-reminder';
import { reminderEntity } from './reminder.entity';
import { reminderDelete, reminderPut } from './reminder.writes';

const keyString = (key: Record<string, unknown>): string => `${String(key.pk)}|${String(key.sk)}`;

/**
 * The transaction elements that keep a contact's care reminders in step with its special days (`before` → `after`,
 * either absent on a create or a delete): a Delete of each reminder that goes, a Put of each that is new or changed
 * (a transaction may touch an item once, so one that stays at its key is only put again when its text changed).
 * `ownerId`: the customer's owner held by the write, for the owner's care index (the calendar).
 */
export const careReminderParts = (
  tableName: string,
  before: CareContact | undefined,
  after: CareContact | undefined,
  at: string,
  ownerId?: string,
): TransactItem[] => {
  const owned = (contact: CareContact | undefined): CareContact | undefined => (contact && ownerId ? { ...contact, ownerId } : contact);
  before = owned(before);
  after = owned(after);
  const old = new Map(careRemindersOf(before, at).map((reminder) => [keyString(reminderEntity.keyOf(reminder)), reminder]));
  const next = new Map(careRemindersOf(after, at).map((reminder) => [keyString(reminderEntity.keyOf(reminder)), reminder]));
  const writes: TransactItem[] = [];
  for (const [key, reminder] of old) if (!next.has(key)) writes.push(reminderDelete(tableName, reminder));
  for (const [key, reminder] of next) {
    const previous = old.get(key);
    if (!previous || JSON.stringify(previous) !== JSON.stringify(reminder)) writes.push(reminderPut(tableName, reminder));
  }
  return writes;
};
