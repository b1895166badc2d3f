import { indexKey } from '#shared/db/index-key';

/**
 * Keys of the tasks of the workbench (docs/data-model.md, "Tasks").
 *
 * - The task is its own item collection (`TASK#<id>`, `sk = TASK`).
 * - It overloads gsi1–gsi3 (every partition value starts with `TASK#`, so none collides with a customer's or a
 *   service request's): by assignee ("my tasks", the calendar, the workbench), by creator ("assigned by me"), by
 *   customer. Each sorts by `<status>#<dueAt>#<id>`: one status over a due-date range is one key condition, and
 *   the calendar's open tasks of a window are `BETWEEN open#<from> AND open#<to>`.
 */
export const taskKeys = {
  item: (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' }),
  sortKey: (status: string, dueAt: string, taskId: string) => `${status}#${dueAt}#${taskId}`,
  byAssignee: indexKey('gsi1', 1, (assigneeId: string) => `TASK#ASSIGNEE#${assigneeId}`),
  byCreator: indexKey('gsi2', 2, (creatorId: string) => `TASK#CREATOR#${creatorId}`),
  byCustomer: indexKey('gsi3', 3, (customerId: string) => `TASK#CUSTOMER#${customerId}`),
} as const;
