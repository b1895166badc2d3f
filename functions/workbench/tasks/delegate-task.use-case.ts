import { DomainError, ErrorCode } from '#shared/core/errors';
import type { DelegateTaskInput, Task } from './task.schema';
import type { TaskDependencies } from './task.dependencies';
import { changedBy, prepareChange, resolveAssignee, type ChangeRequest } from './task.rules';

/**
 * Delegate an open task to a teammate (指定一个队友代为完成): its assignee, its creator or a manager hands it on.
 *
 * Primary course: the new assignee is an enabled user whose role may hold tasks; one transaction sets the assignee
 * (and who delegated, when, why), moves the reminder to the new assignee, and appends the audit entry.
 *
 * Alternates: missing or not visible → 404; visible only through the customer → 403; stale If-Match → 412; done or
 * cancelled → 409; already assigned to that user → 409; unknown or disabled assignee → InvalidAssignee (400).
 */
export const delegateTask = async (deps: TaskDependencies, request: ChangeRequest & { input: DelegateTaskInput }): Promise<Task> => {
  const { caller, input } = request;
  const task = await prepareChange(deps, request, { change: 'delegated', from: ['open'] });
  if (task.assigneeId === input.assigneeId) {
    throw new DomainError(ErrorCode.InvalidTransition, `Task ${task.id} is already assigned to ${input.assigneeId}.`);
  }
  const assignee = await resolveAssignee(deps.directory, input.assigneeId);
  const at = deps.clock.now().toISOString();
  const { delegationNote: _previousNote, ...rest } = task;
  const next: Task = {
    ...rest,
    ...assignee,
    delegatedBy: caller.username,
    delegatedAt: at,
    ...(input.note !== undefined ? { delegationNote: input.note } : {}),
    ...changedBy(task, caller, at),
  };
  await deps.tasks.update(task, next);
  return next;
};
