import type { Notification, NotificationPreferences } from '#shared/notifications/notification';
import type { CareContact } from '#shared/reminders/care-reminder';
import type { DictionaryEntry } from '#shared/dictionary/dictionary';
import type { NoContactCustomer } from '#shared/reminders/no-contact-reminder';
import type { Reminder } from '#shared/reminders/reminder';

/** What the reminder job needs from storage, mail and the directory: free of AWS types. */

export interface ReminderJobStore {
  /** The instant the last run covered up to (undefined before the first run). */
  checkpoint(): Promise<string | undefined>;
  /** Moves the checkpoint forward to `to` (never backwards: a slower concurrent run does not undo a faster one). */
  advanceCheckpoint(to: string): Promise<void>;
  /** The pending reminders of one minute bucket with `from ≤ remindAt ≤ to`, in time order (one Query per page). */
  dueReminders(bucket: string, from: string, to: string): AsyncIterable<Reminder>;
  preferences(userId: string): Promise<NotificationPreferences>;
  /**
   * Delivers one reminder in one transaction: deletes it (only if it is still there) and writes the notification and
   * the unread count. Answers false when the reminder was already gone (delivered by another run, or withdrawn):
   * nothing written. This condition is what makes delivery exactly-once. `next` (a yearly care reminder's next
   * occurrence) is put in the same transaction.
   */
  deliver(reminder: Reminder, notification: Notification, next?: Reminder): Promise<boolean>;
  /**
   * Deletes a reminder whose record no longer asks for it (only if it is still there); with `next`, puts that one in
   * the same transaction (a check moved to later): nothing when the reminder was already gone.
   */
  withdraw(reminder: Reminder, next?: Reminder): Promise<void>;
  /** A customer as a "no contact" check needs it now (1 GetItem): level, owner, last contact, archived. */
  noContactCustomer(customerId: string): Promise<NoContactCustomer | undefined>;
  /** The dictionary's care rules by level code (1 Query; may be cached for the run). */
  careRules(): Promise<ReadonlyMap<string, Pick<DictionaryEntry, 'days' | 'leadDays' | 'active'>>>;
  /** The open follow-up of an activity as stored now (one GetItem): whose list it is on, when due, on a list at all. */
  followUp(customerId: string, activityId: string): Promise<{ assigneeId: string; dueAt: string; onList: boolean } | undefined>;
  /** The customer (its owner, archived or not) and one of its contacts as stored now (one TransactGetItems). */
  careTarget(customerId: string, contactId: string): Promise<{ ownerId?: string | undefined; archived: boolean; contact?: CareContact | undefined }>;
  /** An opportunity (status, assignee) and one of its plan steps (reminder time, result) as stored now (2 GetItems). */
  planStep(opportunityId: string, stepId: string): Promise<PlanStepTarget>;
  /** The customer's owner as stored now (one GetItem): undefined when it is archived or gone. */
  customerOwner(customerId: string): Promise<string | undefined>;
  /** Notifications whose mail is pending and due (`sendAfter ≤ at`), oldest first, at most `limit`. */
  pendingMail(at: string, limit: number): Promise<Notification[]>;
  /** Claims a pending mail for this run (pending → sending, off the index); false when another run has it. */
  claimMail(notification: Notification): Promise<boolean>;
  /** Records the outcome of a claimed mail. */
  recordMail(notification: Notification, outcome: { status: 'sent' | 'failed' | 'skipped'; at: string; error?: string }): Promise<void>;
}

export interface PlanStepTarget {
  readonly status?: string | undefined;
  readonly assigneeId?: string | undefined;
  readonly step?: { readonly remindAt?: string | undefined; readonly result?: string | undefined } | undefined;
}

export interface MailRecipient {
  readonly name: string;
  readonly email?: string | undefined;
  readonly enabled: boolean;
}

export interface RecipientDirectory {
  recipient(username: string): Promise<MailRecipient | undefined>;
}

export type { Mailer, SendOutcome } from '#shared/mail/mailer';
