import type { CancelTaskInput, Task } from './task.schema';
import type { TaskDependencies } from './task.dependencies';
import { changedBy, prepareChange, type ChangeRequest } from './task.rules';

/**
 * Cancel an open task (with an optional reason); its reminder is removed in the same transaction. A recurring
 * task's next occurrence is only ever created by completing one, so cancelling an occurrence ends its series.
 *
 * Alternates: missing or not visible → 404; visible only through the customer → 403; stale If-Match → 412; done or
 * cancelled → 409.
 */
export const cancelTask = async (deps: TaskDependencies, request: ChangeRequest & { input: CancelTaskInput }): Promise<Task> => {
  const { caller, input } = request;
  const task = await prepareChange(deps, request, { change: 'cancelled', from: ['open'] });
  const at = deps.clock.now().toISOString();
  const next: Task = {
    ...task,
    status: 'cancelled',
    ...(input.reason !== undefined ? { cancelReason: input.reason } : {}),
    cancelledAt: at,
    cancelledBy: caller.username,
    ...changedBy(task, caller, at),
  };
  await deps.tasks.update(task, next);
  return next;
};
