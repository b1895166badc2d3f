import * as z from 'zod';
import { isoDateTime, moneySchema, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';
import { calendarEntrySchema } from '#functions/workbench/calendar/calendar.schema';

/** `userId` (managers and executives): whose workbench, default the caller's. */
export const workbenchQuery = z.strictObject({ userId: usernameSchema.optional() });
export type WorkbenchQuery = z.infer<typeof workbenchQuery>;

const split = z.strictObject({ overdue: z.array(calendarEntrySchema), today: z.array(calendarEntrySchema) });

/** A customer of the user under an open lost-customer record; `path` is the record's. */
export const churnRiskEntrySchema = z.strictObject({
  customerId: ulidSchema,
  customerNo: z.string(),
  customerName: z.string(),
  status: z.enum(['warning', 'delaying']),
  openedAt: isoDateTime,
  lastOrderAt: isoDateTime.optional(),
  path: z.string(),
});

/** An order of the user's customers with a balance past its due date; `path` is the order's. */
export const overdueReceivableSchema = z.strictObject({
  orderId: ulidSchema,
  orderNo: z.string(),
  customerId: ulidSchema,
  customerName: z.string(),
  dueAt: isoDateTime,
  /** Whole days since it fell due. */
  daysOverdue: z.number().int().min(0),
  balance: moneySchema,
  path: z.string(),
});

export const workbenchSchema = z.strictObject({
  userId: z.string(),
  asOf: isoDateTime,
  /** The end of "today" (UTC day). */
  todayEnds: isoDateTime,
  /**
   * Open tasks due before the end of today: `today` (from now, soonest first) and `overdue` (before now, most recently
   * due first — an older backlog past the section's cut stays on the task list and the calendar).
   */
  tasks: split,
  /** Open follow-ups, likewise. */
  followUps: split,
  /** Open plan steps of the user's assigned opportunities, likewise. */
  planSteps: split,
  /** Service requests assigned to the user and not yet handled, soonest due first. */
  services: z.array(calendarEntrySchema),
  /** The user's customers at churn risk (流失预警, 暂缓流失), newest first. */
  churnRisk: z.array(churnRiskEntrySchema),
  /** The user's customers' orders with a balance past due, the longest overdue first. */
  overdueReceivables: z.array(overdueReceivableSchema),
  unreadNotifications: z.number().int().min(0),
  /** True when a section had more than WORKBENCH_SECTION_LIMIT entries. */
  truncated: z.boolean(),
});
export type Workbench = z.infer<typeof workbenchSchema>;
