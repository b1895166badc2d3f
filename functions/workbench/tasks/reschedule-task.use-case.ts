import type { RescheduleTaskInput, Task } from './task.schema';
import type { TaskDependencies } from './task.dependencies';
import { changedBy, checkRemindAt, prepareChange, type ChangeRequest } from './task.rules';

/**
 * Reschedule an open task: a new due date and, optionally, a new reminder time.
 *
 * Primary course: `remindAt` given → that time (in the future, not after the new due date); `null` → no reminder;
 * absent → the same lead time before the new due date as before (left out when that falls in the past). One
 * transaction rewrites the task, deletes the old reminder and puts the new one.
 *
 * Alternates: missing or not visible → 404; visible only through the customer → 403; stale If-Match → 412; done or
 * cancelled → 409; a reminder in the past or after the due date → 400.
 */
export const rescheduleTask = async (deps: TaskDependencies, request: ChangeRequest & { input: RescheduleTaskInput }): Promise<Task> => {
  const { caller, input } = request;
  const task = await prepareChange(deps, request, { change: 'rescheduled', from: ['open'] });
  const now = deps.clock.now();
  const at = now.toISOString();
  let remindAt: string | undefined;
  if (input.remindAt === undefined) {
    if (task.remindAt !== undefined) {
      const kept = new Date(Date.parse(input.dueAt) - (Date.parse(task.dueAt) - Date.parse(task.remindAt))).toISOString();
      remindAt = kept > at ? kept : undefined;
    }
  } else if (input.remindAt !== null) {
    checkRemindAt(input.remindAt, input.dueAt, now);
    remindAt = input.remindAt;
  }
  const { remindAt: _previous, ...rest } = task;
  const next: Task = { ...rest, dueAt: input.dueAt, ...(remindAt !== undefined ? { remindAt } : {}), ...changedBy(task, caller, at) };
  await deps.tasks.update(task, next);
  return next;
};
