import * as z from 'zod';
import { isoDateTime, usernameSchema } from '#shared/core/schema-primitives';
import { calendarEntrySchema } from '#functions/workbench/calendar/calendar.schema';

/** `userId` (managers and executives): whose workbench, default the caller's. */
export const workbenchQuery = z.strictObject({ userId: usernameSchema.optional() });
export type WorkbenchQuery = z.infer<typeof workbenchQuery>;

const split = z.strictObject({ overdue: z.array(calendarEntrySchema), today: z.array(calendarEntrySchema) });

export const workbenchSchema = z.strictObject({
  userId: z.string(),
  asOf: isoDateTime,
  /** The end of "today" (UTC day). */
  todayEnds: isoDateTime,
  /** Open tasks due before now (overdue) and before the end of today. */
  tasks: split,
  /** Open follow-ups, likewise. */
  followUps: split,
  /** Open plan steps of the user's assigned opportunities, likewise. */
  planSteps: split,
  /** Service requests assigned to the user and not yet handled, soonest due first. */
  services: z.array(calendarEntrySchema),
  unreadNotifications: z.number().int().min(0),
  /** True when a section had more than WORKBENCH_SECTION_LIMIT entries. */
  truncated: z.boolean(),
});
export type Workbench = z.infer<typeof workbenchSchema>;
