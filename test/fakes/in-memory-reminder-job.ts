import type { Mailer, PlanStepTarget, RecipientDirectory, ReminderJobStore, SendOutcome } from '#functions/jobs/reminders.ports';
import { DEFAULT_PREFERENCES, type Notification, type NotificationPreferences } from '#shared/notifications/notification';
import type { CareContact } from '#shared/reminders/care-reminder';
import { DEFAULT_DICTIONARY, type DictionaryEntry } from '#shared/dictionary/dictionary';
import type { NoContactCustomer } from '#shared/reminders/no-contact-reminder';
import { reminderBucketOf, type Reminder } from '#shared/reminders/reminder';

/** The reminder job's store in memory, counting the requests the DynamoDB one would send. */
export class InMemoryReminderJobStore implements ReminderJobStore {
  readonly reminders = new Map<string, Reminder>();
  readonly notifications = new Map<string, Notification>();
  readonly preferencesOf = new Map<string, NotificationPreferences>();
  readonly unread = new Map<string, number>();
  /** The records the job checks follow-up and care reminders against (`customerId/activityId`, `customerId/contactId`). */
  readonly followUps = new Map<string, { assigneeId: string; dueAt: string; onList: boolean }>();
  readonly customers = new Map<string, { ownerId: string; archived?: boolean }>();
  readonly contacts = new Map<string, CareContact>();
  /** Plan steps as the job reads them back (`opportunityId/stepId`). */
  readonly planSteps = new Map<string, PlanStepTarget>();
  /** GetItem-like reads of those records. */
  reads = 0;
  coveredTo: string | undefined;
  /** Query requests (one per bucket read), and transactions. */
  queries = 0;
  transactions = 0;

  add(reminder: Reminder): void {
    this.reminders.set(`${reminder.remindAt}#${reminder.kind}#${reminder.sourceId}`, reminder);
  }

  async checkpoint() {
    return this.coveredTo;
  }

  async advanceCheckpoint(to: string) {
    if (this.coveredTo === undefined || this.coveredTo < to) this.coveredTo = to;
  }

  async *dueReminders(bucket: string, from: string, to: string): AsyncIterable<Reminder> {
    this.queries += 1;
    const due = [...this.reminders.entries()]
      .filter(([key, reminder]) => reminderBucketOf(reminder.remindAt) === bucket && key >= from && key <= `${to}#~`)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([, reminder]) => reminder);
    yield* due;
  }

  async preferences(userId: string) {
    return this.preferencesOf.get(userId) ?? DEFAULT_PREFERENCES;
  }

  async deliver(reminder: Reminder, notification: Notification, next?: Reminder) {
    this.transactions += 1;
    const key = `${reminder.remindAt}#${reminder.kind}#${reminder.sourceId}`;
    if (!this.reminders.delete(key)) return false;
    if (next) this.add(next);
    this.notifications.set(notification.id, notification);
    this.unread.set(notification.userId, (this.unread.get(notification.userId) ?? 0) + 1);
    return true;
  }

  async withdraw(reminder: Reminder, next?: Reminder) {
    if (this.reminders.delete(`${reminder.remindAt}#${reminder.kind}#${reminder.sourceId}`) && next) this.add(next);
  }

  /** Customers as a "no contact" check reads them, and the care rules (defaults: the built-in list). */
  readonly noContact = new Map<string, NoContactCustomer>();
  rules: ReadonlyMap<string, DictionaryEntry> = new Map(DEFAULT_DICTIONARY['care-rules'].map((entry) => [entry.code, entry]));

  async noContactCustomer(customerId: string) {
    this.reads += 1;
    return this.noContact.get(customerId);
  }

  async careRules() {
    return this.rules;
  }

  async followUp(customerId: string, activityId: string) {
    this.reads += 1;
    return this.followUps.get(`${customerId}/${activityId}`);
  }

  async careTarget(customerId: string, contactId: string) {
    this.reads += 1;
    const customer = this.customers.get(customerId);
    return { ownerId: customer?.ownerId, archived: customer?.archived ?? false, contact: this.contacts.get(`${customerId}/${contactId}`) };
  }

  async planStep(opportunityId: string, stepId: string) {
    this.reads += 1;
    return this.planSteps.get(`${opportunityId}/${stepId}`) ?? {};
  }

  async customerOwner(customerId: string) {
    this.reads += 1;
    const customer = this.customers.get(customerId);
    return customer && !customer.archived ? customer.ownerId : undefined;
  }

  async pendingMail(at: string, limit: number) {
    return [...this.notifications.values()].filter((item) => item.mailStatus === 'pending' && item.sendAfter! <= at).slice(0, limit);
  }

  async claimMail(notification: Notification) {
    const current = this.notifications.get(notification.id);
    if (current?.mailStatus !== 'pending') return false;
    this.notifications.set(notification.id, { ...current, mailStatus: 'sending' });
    return true;
  }

  async recordMail(notification: Notification, outcome: { status: 'sent' | 'failed' | 'skipped'; at: string; error?: string }) {
    const current = this.notifications.get(notification.id)!;
    this.notifications.set(notification.id, { ...current, mailStatus: outcome.status, mailedAt: outcome.at, ...(outcome.error ? { mailError: outcome.error } : {}) });
  }
}

/** A mailer that records what it sent; `refuse` makes it answer as SES does after its retries. */
export const recordingMailer = () => {
  const sent: { to: string; subject: string; text: string; html: string }[] = [];
  let refusal: string | undefined;
  const mailer: Mailer = {
    async send(mail): Promise<SendOutcome> {
      if (refusal) return { kind: 'refused', reason: refusal };
      sent.push(mail);
      return { kind: 'sent', messageId: `m-${sent.length}` };
    },
  };
  return { mailer, sent, refuse: (reason: string | undefined) => (refusal = reason) };
};

export const fakeRecipients = (people: Record<string, { name: string; email?: string; enabled?: boolean }>): RecipientDirectory => ({
  recipient: async (username) => {
    const person = people[username];
    return person && { name: person.name, email: person.email, enabled: person.enabled ?? true };
  },
});
