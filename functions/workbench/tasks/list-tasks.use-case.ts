import type { Page, PageKey, TaskListCriteria } from './task.ports';
import type { Task, TaskStatus } from './task.schema';
import type { Caller, TaskDependencies } from './task.dependencies';

export interface TaskListFilters {
  readonly assigneeId?: string | undefined;
  readonly createdBy?: string | undefined;
  readonly customerId?: string | undefined;
  readonly status: TaskStatus;
  readonly dueFrom?: string | undefined;
  readonly dueTo?: string | undefined;
}

/**
 * List tasks, one page per call, soonest due first: "mine" (the default: assigned to the caller), "assigned by me"
 * (`createdBy`), or a customer's (`customerId`), in one status (default open) over an optional due-date range.
 * Each is one Query on its index.
 *
 * Rule (account managers, scope `own`): a list never shows a task they may not read. Another user's "mine" or
 * "assigned by me" is an empty page; a customer's tasks only for a customer they own now (else an empty page).
 * Managers and executives may list any user's.
 */
export const listTasks = async (
  deps: TaskDependencies,
  request: { caller: Caller; filters: TaskListFilters; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Task>> => {
  const { caller, filters, page } = request;
  const range = { status: filters.status, dueFrom: filters.dueFrom, dueTo: filters.dueTo };
  let criteria: TaskListCriteria;
  if (filters.customerId !== undefined) {
    if (caller.scope === 'own') {
      const customer = await deps.tasks.customer(filters.customerId);
      if (!customer || customer.archived || customer.ownerId !== caller.username) return { items: [] };
    }
    criteria = { customerId: filters.customerId, ...range };
  } else if (filters.createdBy !== undefined) {
    if (caller.scope === 'own' && filters.createdBy !== caller.username) return { items: [] };
    criteria = { createdBy: filters.createdBy, ...range };
  } else {
    const assigneeId = filters.assigneeId ?? caller.username;
    if (caller.scope === 'own' && assigneeId !== caller.username) return { items: [] };
    criteria = { assigneeId, ...range };
  }
  return deps.tasks.list(criteria, page);
};
