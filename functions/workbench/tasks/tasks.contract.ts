import type { RouteContract } from '#shared/http/contract';
import {
  cancelTaskBody,
  completeTaskBody,
  completedTaskSchema,
  createTaskBody,
  delegateTaskBody,
  listTasksQuery,
  rescheduleTaskBody,
  taskIdParams,
  taskListSchema,
  taskSchema,
} from './task.schema';

const task = { description: 'The task', schema: taskSchema, name: 'Task' };

/** The contracts of the task routes (see shared/http/contract.ts). */
export const tasksContracts = {
  listTasks: {
    query: listTasksQuery,
    responses: { 200: { description: 'A page of tasks, soonest due first', schema: taskListSchema, name: 'TaskList' } },
  },
  createTask: {
    body: createTaskBody,
    bodyName: 'CreateTaskRequest',
    bodyExample: { title: 'Call about the renewal', dueAt: '2026-12-10T09:00:00Z', remindAt: '2026-12-10T08:30:00Z', priority: 'high', recurrence: 'FREQ=WEEKLY;COUNT=4' },
    /** A linked customer that does not exist or is not the account manager's. */
    problems: [404],
    responses: { 201: { ...task, description: 'The task created' } },
  },
  getTask: { params: taskIdParams, responses: { 200: task } },
  delegateTask: {
    params: taskIdParams,
    body: delegateTaskBody,
    bodyName: 'DelegateTaskRequest',
    problems: [409],
    responses: { 200: { ...task, description: 'The task, with its new assignee' } },
  },
  completeTask: {
    params: taskIdParams,
    body: completeTaskBody,
    bodyName: 'CompleteTaskRequest',
    problems: [409],
    responses: { 200: { description: 'The task, done, with its next occurrence when it recurs', schema: completedTaskSchema, name: 'CompletedTask' } },
  },
  cancelTask: {
    params: taskIdParams,
    body: cancelTaskBody,
    bodyName: 'CancelTaskRequest',
    problems: [409],
    responses: { 200: { ...task, description: 'The task, cancelled' } },
  },
  rescheduleTask: {
    params: taskIdParams,
    body: rescheduleTaskBody,
    bodyName: 'RescheduleTaskRequest',
    problems: [409],
    responses: { 200: { ...task, description: 'The task, rescheduled' } },
  },
} satisfies Record<string, RouteContract>;
