import { PERMISSIONS, type Scope } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Reminder } from '#shared/reminders/reminder';
import type { Caller, TaskDependencies } from './task.dependencies';
import type { Task, TaskStatus } from './task.schema';

/** Rules several task use cases share. */

export const taskNotFound = (taskId: string): DomainError => new DomainError(ErrorCode.TaskNotFound, `Task ${taskId} does not exist.`);

/** The caller owns the task's customer as it is now (a transfer moves the visibility with the customer). */
const ownsCustomerOf = async (deps: TaskDependencies, caller: Caller, task: Task): Promise<boolean> => {
  if (!task.customerId) return false;
  const customer = await deps.tasks.customer(task.customerId);
  return customer !== undefined && !customer.archived && customer.ownerId === caller.username;
};

/** A scoped caller (account manager) works on a task they are the assignee or the creator of. */
export const worksOn = (caller: Caller, task: Task): boolean =>
  caller.scope === 'all' || task.assigneeId === caller.username || task.createdBy === caller.username;

/**
 * THE visibility rule (scope `own` = account managers): the assignee, the creator, and — through the customer —
 * whoever owns the task's customer see a task. Everything else answers 404, exactly like a task that does not
 * exist. The customer is read only when the task alone does not decide.
 */
export const isVisibleTo = async (deps: TaskDependencies, caller: Caller, task: Task): Promise<boolean> =>
  worksOn(caller, task) || (await ownsCustomerOf(deps, caller, task));

/** Roles a task may be assigned or delegated to: those that may work on tasks (from the permission table). */
export const rolesThatMayHoldTasks = (): Role[] =>
  (Object.entries(PERMISSIONS['tasks:write']) as [Role, Scope][]).filter(([, scope]) => scope !== 'none').map(([role]) => role);

/** An assignee must be an enabled staff member whose role may work on tasks; a disabled one is refused (400). */
export const resolveAssignee = async (directory: UserDirectory, username: string): Promise<{ assigneeId: string; assigneeName: string }> => {
  const user = await directory.findUser(username);
  const mayHold = rolesThatMayHoldTasks();
  if (!user || !user.enabled || !user.roles.some((role) => mayHold.includes(role))) {
    throw new DomainError(ErrorCode.InvalidAssignee, 'The assignee must be an enabled staff member who may work on tasks.', {
      errors: [{ path: 'body.assigneeId', message: `No enabled user ${username} with a role that may work on tasks.` }],
    });
  }
  return { assigneeId: user.username, assigneeName: user.name };
};

/** A reminder time must be in the future and not after the due date (400 naming the field otherwise). */
export const checkRemindAt = (remindAt: string | undefined, dueAt: string, now: Date): void => {
  if (remindAt === undefined) return;
  if (remindAt <= now.toISOString()) {
    throw new DomainError(ErrorCode.ValidationFailed, 'A reminder must be in the future.', {
      errors: [{ path: 'body.remindAt', message: 'Must be after the current time.' }],
    });
  }
  if (remindAt > dueAt) {
    throw new DomainError(ErrorCode.ValidationFailed, 'A reminder must not be after the due date.', {
      errors: [{ path: 'body.remindAt', message: 'Must not be after dueAt.' }],
    });
  }
};

/** The pending reminder a task asks for: an open task with a reminder time, to its assignee. */
export const reminderOf = (task: Task): Reminder | undefined =>
  task.status === 'open' && task.remindAt !== undefined
    ? {
        remindAt: task.remindAt,
        kind: 'task',
        sourceId: task.id,
        recipientId: task.assigneeId,
        title: task.title,
        dueAt: task.dueAt,
        customerId: task.customerId,
        customerName: task.customerName,
        path: `/v1/tasks/${task.id}`,
      }
    : undefined;

export interface ChangeRequest {
  readonly caller: Caller;
  readonly taskId: string;
  readonly expectedVersion: number;
}

/**
 * Loads the task a change applies to and refuses the change, in this order: not there or not visible → 404; a
 * visible task the account manager does not work on (they see it through the customer) → 403; `If-Match` stale →
 * 412; not in a status the change starts from → 409. The write that follows is conditional on the version read.
 */
export const prepareChange = async (
  deps: TaskDependencies,
  request: ChangeRequest,
  rule: { readonly change: string; readonly from: readonly TaskStatus[] },
): Promise<Task> => {
  const { caller, taskId } = request;
  const task = await deps.tasks.get(taskId);
  if (!task || !(await isVisibleTo(deps, caller, task))) throw taskNotFound(taskId);
  if (!worksOn(caller, task)) {
    throw new DomainError(ErrorCode.Forbidden, `Task ${taskId} is neither assigned to you nor created by you; only they or a manager may change it.`);
  }
  if (task.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Task ${taskId} has changed since you read it (now version ${task.version}); read it again.`);
  }
  if (!rule.from.includes(task.status)) {
    throw new DomainError(ErrorCode.InvalidTransition, `A task that is ${task.status} cannot be ${rule.change}; only one that is ${rule.from.join(' or ')}.`);
  }
  return task;
};

/** The fields every change sets. */
export const changedBy = (task: Task, caller: Caller, at: string) => ({ version: task.version + 1, updatedAt: at, updatedBy: caller.username });
