/**
 * A reminder: something a user must be told about at a given minute (a task due, a follow-up, a plan step …).
 * Written in the same transaction as the record it reminds of, into a time-bucketed partition
 * (shared/reminders/reminder.keys.ts), so that the reminder job finds the due ones with one Query per minute
 * elapsed — its cost follows the reminders due, never the reminders scheduled. No AWS import here.
 */
// `portal`: something a customer did in the customer portal that their owner should know (functions/portal/).
export const REMINDER_KINDS = ['task', 'follow-up', 'plan-step', 'service', 'churn', 'care', 'dunning', 'portal'] as const;
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
  /**
   * Care reminders only: the customer's owner when the reminder was written — the key of the owner's care index
   * (`GET /v1/calendar`), moved by a transfer (care-owner.repository.ts). Delivery still resolves the owner anew.
   */
  readonly ownerId?: string | undefined;
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

/**
 * The reminder an unhandled service request asks for: to its assignee while it is `assigned`, at
 * SERVICE_HANDLING_HOURS after its creation — or a minute after its assignment when that is already past (a reminder
 * in a minute the job has already read would never be delivered). Derived from stored fields only, so the move that
 * ends it finds the same key to delete.
 */
export const serviceReminderOf = (service: {
  id: string; status: string; title: string; createdAt: string; updatedAt: string; assigneeId?: string | undefined; customerId: string; customerName: string;
}): Reminder | undefined => {
  if (service.status !== 'assigned' || !service.assigneeId) return undefined;
  const due = new Date(Date.parse(service.createdAt) + SERVICE_HANDLING_HOURS * 3_600_000).toISOString();
  const soonest = new Date(Date.parse(service.updatedAt) + 60_000).toISOString();
  return {
    remindAt: due > soonest ? due : soonest,
    kind: 'service',
    sourceId: service.id,
    recipientId: service.assigneeId,
    title: service.title,
    dueAt: due,
    customerId: service.customerId,
    customerName: service.customerName,
    path: `/v1/services/${service.id}`,
  };
};
