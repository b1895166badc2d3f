import { displayNameOf } from '#shared/auth/display-name';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { CreateTaskOutcome, TaskCustomer } from './task.ports';
import { checkRecurrence } from './task-recurrence';
import type { CreateTaskInput, Task } from './task.schema';
import type { Caller, TaskDependencies } from './task.dependencies';
import { checkRemindAt, resolveAssignee } from './task.rules';

const customerNotFound = (customerId: string) =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`, {
    errors: [{ path: 'body.customerId', message: 'No such customer.' }],
  });

/**
 * Create a task (工作计划 / 任务) for oneself or — managers — for anyone.
 *
 * Primary course:
 * 1. The assignee is the caller unless a manager names someone: an enabled user whose role may hold tasks.
 * 2. A reminder time is in the future and not after the due date; a recurrence is an RRULE that ends and repeats at
 *    most daily (task-recurrence.ts); the task is the first occurrence of its series.
 * 3. A linked customer exists, is not archived and — for an account manager — is one they own; its name is copied.
 * 4. One transaction writes the task, its reminder (shared/reminders/), its audit entry and the idempotency record,
 *    re-checking the customer.
 *
 * Alternates: an account manager naming another assignee → Forbidden (403); an unknown or disabled assignee →
 * InvalidAssignee (400); a reminder in the past or after the due date, a recurrence that never ends or fires more
 * than daily → 400; the customer missing or not theirs → 404. The same Idempotency-Key replays the first answer.
 */
export const createTask = async (
  deps: TaskDependencies,
  request: { caller: Caller; input: CreateTaskInput; idempotency?: IdempotencyRequest },
): Promise<CreateTaskOutcome> => {
  const { caller, input } = request;
  const now = deps.clock.now();
  const assigneeId = input.assigneeId ?? caller.username;
  if (caller.scope === 'own' && assigneeId !== caller.username) {
    throw new DomainError(ErrorCode.Forbidden, 'Account managers create tasks for themselves; delegate a task to hand it to a teammate.');
  }
  checkRemindAt(input.remindAt, input.dueAt, now);
  const recurrence = input.recurrence === undefined ? undefined : checkRecurrence(input.recurrence, input.dueAt);
  const assignee =
    assigneeId === caller.username && caller.scope === 'own'
      ? { assigneeId, assigneeName: await displayNameOf(deps.directory, assigneeId) }
      : await resolveAssignee(deps.directory, assigneeId);
  let customer: TaskCustomer | undefined;
  if (input.customerId !== undefined) {
    customer = await deps.tasks.customer(input.customerId);
    if (!customer || customer.archived || (caller.scope === 'own' && customer.ownerId !== caller.username)) throw customerNotFound(input.customerId);
  }
  const at = now.toISOString();
  const id = deps.ids.next();
  const task: Task = {
    id,
    title: input.title,
    ...(input.notes !== undefined ? { notes: input.notes } : {}),
    dueAt: input.dueAt,
    ...(input.remindAt !== undefined ? { remindAt: input.remindAt } : {}),
    priority: input.priority,
    status: 'open',
    ...(customer ? { customerId: customer.id, customerName: customer.name } : {}),
    ...(input.opportunityId !== undefined ? { opportunityId: input.opportunityId } : {}),
    ...(input.serviceId !== undefined ? { serviceId: input.serviceId } : {}),
    ...assignee,
    ...(recurrence !== undefined ? { recurrence, seriesId: id, seriesStartAt: input.dueAt, occurrence: 1 } : {}),
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const guard = customer ? { customerId: customer.id, ownerId: caller.scope === 'own' ? caller.username : undefined } : undefined;
  return deps.tasks.create(task, guard, claimOf(request.idempotency, now));
};
