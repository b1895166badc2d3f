import type { Clock, IdGenerator } from '#shared/core/clock';
import { DEFAULT_PREFERENCES, mailTimeAfterQuietHours, reminderMail, isMailableAddress, type Notification } from '#shared/notifications/notification';
import { reminderBucketOf, type Reminder } from '#shared/reminders/reminder';
import { targetOf } from './reminder-targets.rules';
import { forEachAtMost } from './reminders.pool';
import type { Mailer, RecipientDirectory, ReminderJobStore } from './reminders.ports';

export interface ReminderJobDependencies {
  readonly store: ReminderJobStore;
  readonly directory: RecipientDirectory;
  readonly mailer: Mailer;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly settings: {
    /** The first run (no checkpoint) looks back this far. */
    readonly firstRunLookbackMinutes: number;
    /** Each run re-reads this much before its checkpoint: a reminder written by an API clock slightly behind ours. */
    readonly overlapSeconds: number;
    /** At most this many reminders per run; the checkpoint then stops at the last one delivered. */
    readonly maxRemindersPerRun: number;
    readonly maxMailsPerRun: number;
    /** Deliveries (each its own conditional transaction) in flight at once; 1 = one at a time. */
    readonly deliveryConcurrency?: number;
  };
}

export interface ReminderRun {
  readonly from: string;
  readonly to: string;
  /** Minute buckets read (one Query each, plus pages). */
  readonly buckets: number;
  readonly found: number;
  readonly delivered: number;
  /** Already delivered by another run (or withdrawn meanwhile): nothing written. */
  readonly alreadyGone: number;
  /** Their record no longer asks for them (a follow-up done meanwhile, a contact's day removed …): deleted, not sent. */
  readonly withdrawn: number;
  readonly mailed: number;
  readonly mailFailed: number;
  readonly mailSkipped: number;
}

const MINUTE = 60_000;

/** Every minute bucket from the one of `from` to the one of `to`. */
const bucketsBetween = (from: string, to: string): string[] => {
  const buckets: string[] = [];
  for (let at = Date.parse(`${reminderBucketOf(from)}:00.000Z`); at <= Date.parse(to); at += MINUTE) buckets.push(reminderBucketOf(new Date(at).toISOString()));
  return buckets;
};

/**
 * The reminder job (工作计划到期提醒), every minute (EventBridge Scheduler; `npm run job:reminders` locally).
 *
 * Primary course:
 * 1. The window: from the checkpoint (less `overlapSeconds`) — or `since` when given (a replay, which leaves the
 *    checkpoint alone) — to now. One Query per minute bucket of the window (`REMIND#<minute>`), so the cost follows
 *    the reminders due and the minutes elapsed, never the reminders scheduled (docs/benchmarks.md).
 * 2. A follow-up's or care reminder is first checked against its record as it is now (reminder-targets.rules.ts): to
 *    whom it goes, or withdrawn when the record no longer asks for it; a care reminder's next year is put with it.
 *    Each due reminder is delivered in one transaction: the reminder is deleted on condition that it is still there,
 *    the notification written, the unread count raised. A second run (or a concurrent one) finds it gone: exactly once.
 *    Up to `deliveryConcurrency` deliveries run at once (REMINDER_DELIVERY_CONCURRENCY, 16 by default); each keeps its
 *    own condition, so the concurrency changes the time, never the count. When the recipient wants e-mail, the
 *    notification waits in the pending-mail index until `sendAfter` (now, or the end of their quiet hours).
 * 3. The checkpoint moves to the end of the window (or to the last reminder delivered when the run hit its cap).
 * 4. Pending mail that is due is sent, up to `deliveryConcurrency` at once behind the mailer's pacing: each claimed
 *    first (pending → sending, conditional), so two runs never send the same mail; SES refusals (after the SDK's retries) are recorded as failed, never retried into a duplicate;
 *    a recipient with no usable address or a disabled account is recorded as skipped.
 *
 * A run that throws has delivered what it delivered; the next run finds the rest (idempotent).
 */
export const runReminders = async (deps: ReminderJobDependencies, options: { since?: string } = {}): Promise<ReminderRun> => {
  const { store, settings } = deps;
  const now = deps.clock.now();
  const to = now.toISOString();
  const checkpoint = options.since === undefined ? await store.checkpoint() : undefined;
  const from =
    options.since ??
    (checkpoint
      ? new Date(Date.parse(checkpoint) - settings.overlapSeconds * 1000).toISOString()
      : new Date(now.getTime() - settings.firstRunLookbackMinutes * MINUTE).toISOString());

  let found = 0;
  let delivered = 0;
  let alreadyGone = 0;
  let withdrawn = 0;
  let reachedCap: string | undefined;
  const buckets = bucketsBetween(from, to);
  const preferences = new Map<string, Promise<typeof DEFAULT_PREFERENCES>>();
  const lanes = new Map<string, Promise<void>>();
  // The due reminders in time order, bucket after bucket, up to the cap (read only as fast as deliveries free up).
  async function* dueInWindow(): AsyncGenerator<Reminder> {
    for (const bucket of buckets) {
      for await (const reminder of store.dueReminders(bucket, from, to)) {
        if (found >= settings.maxRemindersPerRun) {
          reachedCap = reminder.remindAt;
          return;
        }
        found += 1;
        yield reminder;
      }
    }
  }
  // Each delivery is its own conditional transaction, so running several at once keeps exactly-once; the checkpoint
  // moves only after every one of them has settled (a failure throws before it moves: the next run re-reads them).
  await forEachAtMost(dueInWindow(), settings.deliveryConcurrency ?? 1, async (reminder) => {
    const target = await targetOf(store, reminder, to);
    if (target.kind === 'withdraw') {
      await store.withdraw(reminder, target.next);
      withdrawn += 1;
      return;
    }
    const recipientId = target.reminder.recipientId;
    if (!preferences.has(recipientId)) preferences.set(recipientId, store.preferences(recipientId));
    const wanted = await preferences.get(recipientId)!;
    const sendAfter = wanted.emailEnabled ? mailTimeAfterQuietHours(now, wanted.quietHours).toISOString() : undefined;
    // One recipient's deliveries one after another: they all raise that user's unread count (one item), and two
    // transactions on one item at once would conflict. Different recipients' run side by side.
    const previous = lanes.get(recipientId) ?? Promise.resolve();
    const delivery = previous.then(() => store.deliver(reminder, notificationOf(deps, target.reminder, to, sendAfter), target.next));
    const settled = delivery.then(() => undefined, () => undefined);
    lanes.set(recipientId, settled);
    const ok = await delivery.finally(() => {
      if (lanes.get(recipientId) === settled) lanes.delete(recipientId);
    });
    if (ok) delivered += 1;
    else alreadyGone += 1;
  });
  if (options.since === undefined) {
    // Capped: resume just before the first reminder left (the overlap re-reads it; delivered ones are gone).
    await store.advanceCheckpoint(reachedCap ? new Date(Date.parse(reachedCap) - 1).toISOString() : to);
  }
  const mail = await sendPendingMail(deps, to);
  return { from, to, buckets: buckets.length, found, delivered, alreadyGone, withdrawn, ...mail };
};

const notificationOf = (deps: ReminderJobDependencies, reminder: Reminder, at: string, sendAfter: string | undefined): Notification => ({
  id: deps.ids.next(),
  userId: reminder.recipientId,
  kind: reminder.kind,
  title: reminder.title,
  dueAt: reminder.dueAt,
  sourceId: reminder.sourceId,
  path: reminder.path,
  ...(reminder.customerId !== undefined ? { customerId: reminder.customerId, customerName: reminder.customerName } : {}),
  remindAt: reminder.remindAt,
  createdAt: at,
  ...(sendAfter !== undefined ? { mailStatus: 'pending' as const, sendAfter } : {}),
  version: 1,
});

/**
 * Sends run up to `deliveryConcurrency` at once: the mailer paces their starts (rate-limited-mailer.ts), so a send's
 * own latency (claim, directory, SES, outcome) no longer caps the rate below the configured one.
 */
const sendPendingMail = async (deps: ReminderJobDependencies, at: string) => {
  let mailed = 0;
  let mailFailed = 0;
  let mailSkipped = 0;
  const pending = await deps.store.pendingMail(at, deps.settings.maxMailsPerRun);
  // One directory look-up per recipient per run.
  const recipients = new Map<string, ReturnType<RecipientDirectory['recipient']>>();
  await forEachAtMost(pending, deps.settings.deliveryConcurrency ?? 1, async (notification) => {
    if (!(await deps.store.claimMail(notification))) return;
    if (!recipients.has(notification.userId)) recipients.set(notification.userId, deps.directory.recipient(notification.userId));
    const recipient = await recipients.get(notification.userId)!;
    if (!recipient || !recipient.enabled || !isMailableAddress(recipient.email)) {
      mailSkipped += 1;
      await deps.store.recordMail(notification, { status: 'skipped', at: deps.clock.now().toISOString(), error: !recipient?.enabled ? 'recipient disabled or unknown' : 'no usable e-mail address' });
      return;
    }
    const outcome = await deps.mailer.send({ to: recipient.email, ...reminderMail(notification, recipient.name) });
    const sentAt = deps.clock.now().toISOString();
    if (outcome.kind === 'sent') {
      mailed += 1;
      await deps.store.recordMail(notification, { status: 'sent', at: sentAt });
    } else {
      mailFailed += 1;
      await deps.store.recordMail(notification, { status: 'failed', at: sentAt, error: outcome.reason });
    }
  });
  return { mailed, mailFailed, mailSkipped };
};
