import * as z from 'zod';
import { isoDateTime, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/** The longest window one care request covers: a quarter (92 days). */
export const MAX_CARE_DAYS = 92;

/** A date (midnight UTC) or an instant with `Z` or an offset, normalised to `toISOString()`. */
const bound = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()])
  .transform((value) => new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value).toISOString());

/** `from` inclusive, `to` exclusive; `userId` (managers and executives): whose care list, default the caller's. */
export const careQuery = z
  .strictObject({
    from: bound,
    to: bound,
    userId: usernameSchema.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(25),
    cursor: z.string().max(2048).optional(),
  })
  .refine((query) => query.from < query.to, { message: '`from` must be before `to`.', path: ['to'] })
  .refine((query) => Date.parse(query.to) - Date.parse(query.from) <= MAX_CARE_DAYS * 86_400_000, {
    message: `At most ${MAX_CARE_DAYS} days.`,
    path: ['to'],
  });
export type CareQuery = z.infer<typeof careQuery>;

export const CARE_ITEM_KINDS = ['special-day', 'no-contact'] as const;

export const careItemSchema = z.strictObject({
  kind: z.enum(CARE_ITEM_KINDS),
  customerId: ulidSchema,
  customerName: z.string(),
  /** A special day's contact. */
  contactId: ulidSchema.optional(),
  /** A special day's type (`birthday`, `anniversary` …); `no-contact` for a silence check. */
  occasion: z.string(),
  /** What the reminder says (names the contact for a special day). */
  title: z.string(),
  /** The day itself (01:00Z on a special day) or when the silence reaches the level's limit. */
  at: isoDateTime,
  /** When the owner is reminded. */
  remindAt: isoDateTime,
  /** The API path of the record. */
  path: z.string(),
});
export type CareItem = z.infer<typeof careItemSchema>;

export const careListSchema = z.strictObject({
  userId: z.string(),
  from: isoDateTime,
  to: isoDateTime,
  /** The care items of this page's customers (the user's customers in name order), soonest first. */
  items: z.array(careItemSchema),
  /** More of the user's customers follow: pass it as `cursor`. */
  nextCursor: z.string().nullable(),
  /** True when a customer had more than CARE_PER_CUSTOMER_LIMIT items in the window: ask for a shorter one. */
  truncated: z.boolean(),
});
export type CareList = z.infer<typeof careListSchema>;
