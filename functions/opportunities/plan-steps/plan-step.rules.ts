import { DomainError, ErrorCode } from '#shared/core/errors';
import { planStepDueAt } from '#shared/reminders/plan-step-reminder';

/**
 * When a step's assignee is reminded: `requested` (an instant) must be in the future and not after the step is due
 * — else 400 naming `body.remindAt`; `null`: never; absent: at the due time when that is still ahead, else never
 * (a step recorded after the fact needs no reminder). Answers the instant or undefined.
 */
export const stepRemindAt = (plannedAt: string, requested: string | null | undefined, now: Date): string | undefined => {
  const dueAt = planStepDueAt(plannedAt);
  const at = now.toISOString();
  if (requested === null) return undefined;
  if (requested === undefined) return dueAt > at ? dueAt : undefined;
  const refuse = (message: string) =>
    new DomainError(ErrorCode.ValidationFailed, 'The reminder time is not usable.', { errors: [{ path: 'body.remindAt', message }] });
  if (requested <= at) throw refuse('Must be after the current time (the step is due in the past: send remindAt null, or reschedule it).');
  if (requested > dueAt) throw refuse(`Must not be after the step is due (${dueAt}).`);
  return requested;
};
