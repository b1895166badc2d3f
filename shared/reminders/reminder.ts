/**
 * A reminder: something a user must be told about at a given minute (a task due, a follow-up, a plan step …).
 * Written in the same transaction as the record it reminds of, into a time-bucketed partition
 * (shared/reminders/reminder.keys.ts), so that the reminder job finds the due ones with one Query per minute
 * elapsed — its cost follows the reminders due, never the reminders scheduled. No AWS import here.
 */
export const REMINDER_KINDS = ['task', 'follow-up', 'plan-step', 'service', 'churn', 'care', 'dunning'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export interface Reminder {
  /** ISO 8601 UTC: when to tell. */
  readonly remindAt: string;
  readonly kind: ReminderKind;
  /** The record it reminds of (a task id …). */
  readonly sourceId: string;
  /** Who is told. */
  readonly recipientId: string;
  readonly title: string;
  /** When the thing itself is due (ISO). */
  readonly dueAt: string;
  readonly customerId?: string | undefined;
  readonly customerName?: string | undefined;
  /** The API path of the record, for the client to open. */
  readonly path: string;
}

/** The minute bucket of an instant: `2026-12-06T19:40`. */
export const reminderBucketOf = (at: string): string => at.slice(0, 16);

/**
 * A service request should be handled within this many hours of its creation (服务处理时限): the calendar shows an
 * assigned request as due then, and the reminders of unhandled requests use it.
 */
export const SERVICE_HANDLING_HOURS = 24;
