import * as z from 'zod';
import { auditFieldsShape, isoDateTime, pageQueryShape, text, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/** Tasks of the workbench (工作计划 / 任务): dated, prioritised, assigned, optionally recurring. */
export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** An instant with `Z` or an offset, normalised to `toISOString()` so that it compares with stored instants. */
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

/**
 * An iCalendar RRULE (RFC 5545), e.g. `FREQ=WEEKLY;BYDAY=MO;COUNT=10`, without DTSTART (the task's `dueAt` is the
 * start). Its meaning is checked by the use case (task-recurrence.ts): it must end (COUNT or UNTIL) and repeat at
 * most daily.
 */
const rrule = z
  .string()
  .max(500, 'At most 500 characters.')
  .regex(/^(RRULE:)?[A-Z]+=[A-Za-z0-9,+\-:]+(;[A-Z]+=[A-Za-z0-9,+\-:]+)*$/, 'An RRULE such as FREQ=WEEKLY;COUNT=10.');

export const createTaskBody = z.strictObject({
  title: text(200),
  notes: text(4000).optional(),
  dueAt: instant,
  /** When to remind the assignee: in the future, not after `dueAt`. */
  remindAt: instant.optional(),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
  customerId: ulidSchema.optional(),
  opportunityId: ulidSchema.optional(),
  serviceId: ulidSchema.optional(),
  /** Managers may assign to anyone; account managers only to themselves (the default). */
  assigneeId: usernameSchema.optional(),
  recurrence: rrule.optional(),
});
export type CreateTaskInput = z.infer<typeof createTaskBody>;

export const delegateTaskBody = z.strictObject({ assigneeId: usernameSchema, note: text(500).optional() });
export type DelegateTaskInput = z.infer<typeof delegateTaskBody>;

export const completeTaskBody = z.strictObject({ result: text(2000).optional() });
export type CompleteTaskInput = z.infer<typeof completeTaskBody>;

export const cancelTaskBody = z.strictObject({ reason: text(500).optional() });
export type CancelTaskInput = z.infer<typeof cancelTaskBody>;

export const rescheduleTaskBody = z.strictObject({
  dueAt: instant,
  /** A new reminder time; `null` drops the reminder; absent keeps the same lead time before `dueAt`. */
  remindAt: instant.nullable().optional(),
});
export type RescheduleTaskInput = z.infer<typeof rescheduleTaskBody>;

export const taskIdParams = z.strictObject({ taskId: ulidSchema });

/**
 * One of `assigneeId` (default: the caller), `createdBy` ("assigned by me") or `customerId`; `status` (default
 * open); `dueFrom` inclusive, `dueTo` exclusive. Soonest due first.
 */
export const listTasksQuery = z
  .strictObject({
    ...pageQueryShape,
    assigneeId: usernameSchema.optional(),
    createdBy: usernameSchema.optional(),
    customerId: ulidSchema.optional(),
    status: z.enum(TASK_STATUSES).default('open'),
    dueFrom: instant.optional(),
    dueTo: instant.optional(),
  })
  .refine((query) => [query.assigneeId, query.createdBy, query.customerId].filter((value) => value !== undefined).length <= 1, {
    message: 'Give at most one of assigneeId, createdBy, customerId.',
    path: ['assigneeId'],
  })
  .refine((query) => query.dueFrom === undefined || query.dueTo === undefined || query.dueFrom < query.dueTo, {
    message: '`dueFrom` must be before `dueTo`.',
    path: ['dueTo'],
  });
export type ListTasksQuery = z.infer<typeof listTasksQuery>;

/** The task as the API returns it. Strict: no storage attribute can leak. */
export const taskSchema = z.strictObject({
  id: ulidSchema,
  title: z.string(),
  notes: z.string().optional(),
  dueAt: isoDateTime,
  remindAt: isoDateTime.optional(),
  priority: z.enum(TASK_PRIORITIES),
  status: z.enum(TASK_STATUSES),
  customerId: ulidSchema.optional(),
  customerName: z.string().optional(),
  opportunityId: ulidSchema.optional(),
  serviceId: ulidSchema.optional(),
  assigneeId: z.string(),
  assigneeName: z.string(),
  /** Who handed it to the current assignee, and when (指定队友代为完成). */
  delegatedBy: z.string().optional(),
  delegatedAt: isoDateTime.optional(),
  delegationNote: z.string().optional(),
  recurrence: z.string().optional(),
  /** The first occurrence's id and due date; the number of this occurrence (1 = the first). */
  seriesId: ulidSchema.optional(),
  seriesStartAt: isoDateTime.optional(),
  occurrence: z.number().int().min(1).optional(),
  /** The next occurrence, created when this one was completed. */
  nextTaskId: ulidSchema.optional(),
  result: z.string().optional(),
  completedAt: isoDateTime.optional(),
  completedBy: z.string().optional(),
  cancelReason: z.string().optional(),
  cancelledAt: isoDateTime.optional(),
  cancelledBy: z.string().optional(),
  ...auditFieldsShape,
});
export type Task = z.infer<typeof taskSchema>;

/** POST …/complete: the task, and the next occurrence when the task recurs. */
export const completedTaskSchema = taskSchema.extend({ next: taskSchema.optional() });
export type CompletedTask = z.infer<typeof completedTaskSchema>;

export const taskListSchema = z.strictObject({ items: z.array(taskSchema), nextCursor: z.string().nullable() });
