import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the inbox (docs/data-model.md, "Reminders and notifications"):
 * - a user's notifications in one partition `INBOX#<user>`, `sk = NOTE#<ulid>` (newest last; read backwards);
 * - the unread counter beside them (`sk = COUNTER`), changed in the same transaction as each delivery and mark;
 * - the user's preferences (`USER#<user>`, `NOTIFY_PREFS`);
 * - mail waiting to be sent: the notification on gsi4 `MAIL#PENDING` sorted by `<sendAfter>#<id>` (sparse: only while
 *   pending), so a run reads only the mail that is due;
 * - the reminder job's checkpoint.
 */
export const notificationKeys = {
  partition: (userId: string) => `INBOX#${userId}`,
  item: (userId: string, notificationId: string) => ({ pk: `INBOX#${userId}`, sk: `NOTE#${notificationId}` }),
  itemPrefix: 'NOTE#',
  counter: (userId: string) => ({ pk: `INBOX#${userId}`, sk: 'COUNTER' }),
  preferences: (userId: string) => ({ pk: `USER#${userId}`, sk: 'NOTIFY_PREFS' }),
  pendingMail: indexKey('gsi4', 4, () => 'MAIL#PENDING'),
  pendingMailSortKey: (sendAfter: string, notificationId: string) => `${sendAfter}#${notificationId}`,
  checkpoint: { pk: 'JOB#REMINDERS', sk: 'CHECKPOINT' },
} as const;
