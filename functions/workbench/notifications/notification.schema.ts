import * as z from 'zod';
import { isoDateTime, pageQueryShape, ulidSchema } from '#shared/core/schema-primitives';
import { MAIL_STATUSES } from '#shared/notifications/notification';
import { REMINDER_KINDS } from '#shared/reminders/reminder';

export const notificationIdParams = z.strictObject({ notificationId: ulidSchema });

export const listNotificationsQuery = z.strictObject({
  ...pageQueryShape,
  /** `true`: only the unread ones. */
  unread: z.enum(['true', 'false']).optional(),
});
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;

/** The notification as the API returns it (newest first in lists). Strict: no storage attribute can leak. */
export const notificationSchema = z.strictObject({
  id: ulidSchema,
  userId: z.string(),
  kind: z.enum(REMINDER_KINDS),
  title: z.string(),
  dueAt: isoDateTime,
  sourceId: z.string(),
  path: z.string(),
  customerId: ulidSchema.optional(),
  customerName: z.string().optional(),
  remindAt: isoDateTime,
  createdAt: isoDateTime,
  readAt: isoDateTime.optional(),
  /** The e-mail copy: pending (until `sendAfter`, e.g. after quiet hours), sending, sent, failed or skipped. */
  mailStatus: z.enum(MAIL_STATUSES).optional(),
  sendAfter: isoDateTime.optional(),
  mailedAt: isoDateTime.optional(),
  mailError: z.string().optional(),
  version: z.number().int().min(1),
});

export const notificationListSchema = z.strictObject({ items: z.array(notificationSchema), nextCursor: z.string().nullable() });
export const unreadCountSchema = z.strictObject({ unread: z.number().int().min(0) });

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day such as 22:00.');
const timeZone = z
  .string()
  .max(64)
  .refine((value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  }, 'An IANA time zone such as Asia/Shanghai.');

export const quietHoursSchema = z.strictObject({ start: clock, end: clock, timeZone });

export const preferencesBody = z.strictObject({
  emailEnabled: z.boolean(),
  /** No e-mail between start and end (local time; may wrap midnight); `null` for none. Notifications still arrive in-app. */
  quietHours: quietHoursSchema.nullable().optional(),
});
export type PreferencesInput = z.infer<typeof preferencesBody>;

export const preferencesSchema = z.strictObject({
  emailEnabled: z.boolean(),
  quietHours: quietHoursSchema.optional(),
  version: z.number().int().min(1),
  updatedAt: isoDateTime.optional(),
});
