import type { CompleteTaskInput, CompletedTask, Task } from './task.schema';
import type { TaskDependencies } from './task.dependencies';
import { nextOccurrence } from './task-recurrence';
import { changedBy, prepareChange, type ChangeRequest } from './task.rules';

/** The next occurrence of a recurring task: same work, next due date, the reminder at the same lead time. */
const successorOf = (deps: TaskDependencies, task: Task, dueAt: string, at: string, by: string): Task => {
  const lead = task.remindAt === undefined ? undefined : Date.parse(task.dueAt) - Date.parse(task.remindAt);
  const remindAt = lead === undefined ? undefined : new Date(Date.parse(dueAt) - lead).toISOString();
  return {
    id: deps.ids.next(),
    title: task.title,
    ...(task.notes !== undefined ? { notes: task.notes } : {}),
    dueAt,
    // A reminder time already past (an occurrence completed late) is left out rather than delivered late.
    ...(remindAt !== undefined && remindAt > at ? { remindAt } : {}),
    priority: task.priority,
    status: 'open',
    ...(task.customerId !== undefined ? { customerId: task.customerId, customerName: task.customerName } : {}),
    ...(task.opportunityId !== undefined ? { opportunityId: task.opportunityId } : {}),
    ...(task.serviceId !== undefined ? { serviceId: task.serviceId } : {}),
    assigneeId: task.assigneeId,
    assigneeName: task.assigneeName,
    recurrence: task.recurrence,
    seriesId: task.seriesId,
    seriesStartAt: task.seriesStartAt,
    occurrence: (task.occurrence ?? 1) + 1,
    version: 1,
    createdAt: at,
    // The series belongs to whoever created its first occurrence: "assigned by me" keeps finding it.
    createdBy: task.createdBy,
    updatedAt: at,
    updatedBy: by,
  };
};

/**
 * Complete an open task; a recurring task gets its next occurrence.
 *
 * Primary course: the task becomes `done` with who, when and the result; its reminder is removed. When it recurs
 * and the rule has another date after this one, the next occurrence is created **in the same transaction** and
 * the task records its id (`nextTaskId`): the write is conditional on the version read, so two completions of one
 * occurrence cannot both succeed and the successor exists exactly once.
 *
 * Alternates: missing or not visible → 404; visible only through the customer → 403; stale If-Match → 412; done or
 * cancelled → 409. The last occurrence of a series completes without a successor.
 */
export const completeTask = async (deps: TaskDependencies, request: ChangeRequest & { input: CompleteTaskInput }): Promise<CompletedTask> => {
  const { caller, input } = request;
  const task = await prepareChange(deps, request, { change: 'completed', from: ['open'] });
  const at = deps.clock.now().toISOString();
  const nextDueAt =
    task.recurrence !== undefined && task.seriesStartAt !== undefined ? nextOccurrence(task.recurrence, task.seriesStartAt, task.dueAt) : undefined;
  const successor = nextDueAt === undefined ? undefined : successorOf(deps, task, nextDueAt, at, caller.username);
  const done: Task = {
    ...task,
    status: 'done',
    ...(input.result !== undefined ? { result: input.result } : {}),
    completedAt: at,
    completedBy: caller.username,
    ...(successor ? { nextTaskId: successor.id } : {}),
    ...changedBy(task, caller, at),
  };
  await deps.tasks.update(task, done, successor);
  return { ...done, ...(successor ? { next: successor } : {}) };
};
