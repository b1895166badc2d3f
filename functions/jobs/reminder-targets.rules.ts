import { CUSTOMER_OWNER, careSourceOf, specialDayOfReminder, specialDayReminderOf } from '#shared/reminders/care-reminder';
import { noContactCustomerOf, noContactDecision } from '#shared/reminders/no-contact-reminder';
import { planStepOfSourceId } from '#shared/reminders/plan-step-reminder';
import type { Reminder } from '#shared/reminders/reminder';
import type { ReminderJobStore } from './reminders.ports';

/**
 * What a due reminder becomes when it is delivered: to whom (`deliver`, with the yearly successor `next` to put in
 * the same transaction) — or nothing, because its record no longer asks for it (`withdraw`).
 */
export type ReminderTarget = { kind: 'deliver'; reminder: Reminder; next?: Reminder | undefined } | { kind: 'withdraw'; next?: Reminder | undefined };

/**
 * Checks a due reminder against its record as stored now — one read, and only for the kinds whose recipient or
 * existence can change without their own write touching the reminder:
 * - a follow-up moves to the new owner on a customer transfer and leaves the lists on an archive: the reminder goes to
 *   the follow-up's assignee now, or is withdrawn when the follow-up is gone, off the lists or rescheduled;
 * - a care reminder goes to the customer's owner now; it is withdrawn when the customer is archived or gone, or the
 *   contact no longer has the day; delivering it puts next year's (the same day, read from the contact now);
 * - a plan-step reminder goes to the opportunity's assignee now (a reassignment needs no reminder write); it is
 *   withdrawn when the opportunity is no longer assigned (won, lost), the step is gone, has a result or was
 *   rescheduled (its reminder time moved);
 * - a dunning reminder (overdue balance, broken promise) goes to the customer's owner now — a transfer moves no
 *   reminder; as written when the customer is archived or gone (the balance is still owed; the settling payment or
 *   the cancellation deletes the reminder in its own transaction).
 * - a "no contact" check (care) reads the customer and the care rules (shared/reminders/no-contact-reminder.ts):
 *   delivered to the owner with the next check, moved (withdrawn with a successor) while the customer was contacted
 *   recently enough, withdrawn when the customer is gone or its level has no rule.
 * Every other kind is delivered as written (no read).
 */
// `now`: the job's instant (a no-contact check compares with it); by default the reminder's own minute.
export const targetOf = async (store: ReminderJobStore, reminder: Reminder, now: string = reminder.remindAt): Promise<ReminderTarget> => {
  const noContact = reminder.kind === 'care' ? noContactCustomerOf(reminder.sourceId) : undefined;
  if (noContact) {
    const [customer, rules] = await Promise.all([store.noContactCustomer(noContact), store.careRules()]);
    const decision = noContactDecision(reminder, customer, rules, now);
    if (decision.kind === 'move') return { kind: 'withdraw', next: decision.next };
    return decision;
  }
  if (reminder.kind === 'follow-up' && reminder.customerId) {
    const followUp = await store.followUp(reminder.customerId, reminder.sourceId);
    if (!followUp || !followUp.onList || followUp.dueAt !== reminder.dueAt) return { kind: 'withdraw' };
    return { kind: 'deliver', reminder: { ...reminder, recipientId: followUp.assigneeId } };
  }
  if (reminder.kind === 'care' && reminder.recipientId === CUSTOMER_OWNER && reminder.customerId) {
    const source = careSourceOf(reminder.sourceId);
    if (!source) return { kind: 'withdraw' };
    const target = await store.careTarget(reminder.customerId, source.contactId);
    const day = target.contact ? specialDayOfReminder(target.contact, reminder.sourceId) : undefined;
    if (!target.ownerId || target.archived || !target.contact || !day) return { kind: 'withdraw' };
    const next = specialDayReminderOf({ ...target.contact, ownerId: target.ownerId }, day, reminder.remindAt);
    return { kind: 'deliver', reminder: { ...reminder, recipientId: target.ownerId }, next };
  }
  if (reminder.kind === 'plan-step') {
    const source = planStepOfSourceId(reminder.sourceId);
    if (!source) return { kind: 'withdraw' };
    const target = await store.planStep(source.opportunityId, source.stepId);
    const open = target.status === 'assigned' && target.assigneeId && target.step && target.step.result === undefined;
    if (!open || target.step?.remindAt !== reminder.remindAt) return { kind: 'withdraw' };
    return { kind: 'deliver', reminder: { ...reminder, recipientId: target.assigneeId as string } };
  }
  if (reminder.kind === 'dunning' && reminder.customerId) {
    const ownerId = await store.customerOwner(reminder.customerId);
    return { kind: 'deliver', reminder: ownerId ? { ...reminder, recipientId: ownerId } : reminder };
  }
  return { kind: 'deliver', reminder };
};
