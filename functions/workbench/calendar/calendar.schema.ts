import * as z from 'zod';
import { isoDateTime, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/** The longest window one calendar request covers: two months (a month view with its leading and trailing days). */
export const MAX_CALENDAR_DAYS = 62;

/** A date (midnight UTC) or an instant with `Z` or an offset, normalised to `toISOString()`. */
const bound = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value).toISOString());

/** `from` inclusive, `to` exclusive; `userId` (managers and executives): whose calendar, default the caller's. */
export const calendarQuery = z
  .strictObject({ from: bound, to: bound, userId: usernameSchema.optional() })
  .refine((query) => query.from < query.to, { message: '`from` must be before `to`.', path: ['to'] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= MAX_CALENDAR_DAYS * 86_400_000, {
    message: `At most ${MAX_CALENDAR_DAYS} days.`,
    path: ['to'],
  });
export type CalendarQuery = z.infer<typeof calendarQuery>;

export const CALENDAR_KINDS = ['task', 'follow-up', 'service', 'plan-step', 'care'] as const;
export type CalendarKind = (typeof CALENDAR_KINDS)[number];

export const calendarEntrySchema = z.strictObject({
  kind: z.enum(CALENDAR_KINDS),
  /** The task, the activity whose follow-up it is, the service request, the plan step; care: the contact of a special day, the customer of a no-contact check. */
  id: ulidSchema,
  /** A plan step's opportunity. */
  opportunityId: ulidSchema.optional(),
  title: z.string(),
  /** When it is due (a service request: created + the handling target; a plan step planned for a day: 01:00Z). */
  at: isoDateTime,
  customerId: ulidSchema.optional(),
  customerName: z.string().optional(),
  priority: z.string().optional(),
  /** Care: the special day's type (`birthday` …) or `no-contact`. */
  occasion: z.string().optional(),
  /** The API path of the record. */
  path: z.string(),
});
export type CalendarEntry = z.infer<typeof calendarEntrySchema>;

export const calendarSchema = z.strictObject({
  userId: z.string(),
  from: isoDateTime,
  to: isoDateTime,
  /** Every entry of the window, soonest first. */
  items: z.array(calendarEntrySchema),
  /** True when a source had more than CALENDAR_SOURCE_LIMIT entries in the window: ask for a shorter one. */
  truncated: z.boolean(),
});
export type Calendar = z.infer<typeof calendarSchema>;
