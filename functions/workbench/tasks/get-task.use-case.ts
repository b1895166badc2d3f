import type { Task } from './task.schema';
import type { Caller, TaskDependencies } from './task.dependencies';
import { isVisibleTo, taskNotFound } from './task.rules';

/**
 * Read one task.
 *
 * Primary course: one consistent GetItem; the task is returned when the caller may see it (task.rules.ts
 * `isVisibleTo`: assignee, creator, managers and executives, or the owner of its customer).
 *
 * Alternates: missing, or not visible to an account manager → TaskNotFound (404), whichever it was.
 */
export const getTask = async (deps: TaskDependencies, request: { caller: Caller; taskId: string }): Promise<Task> => {
  const task = await deps.tasks.get(request.taskId);
  if (!task || !(await isVisibleTo(deps, request.caller, task))) throw taskNotFound(request.taskId);
  return task;
};
