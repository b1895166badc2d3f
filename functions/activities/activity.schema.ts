import * as z from 'zod';
import { auditFieldsShape, code, isoDateTime, pageQueryShape, text, ulidSchema, usernameSchema } from '#shared/core/schema-primitives';

/**
 * Contact records (交往记录 / 联系记录 / 关怀记录). Bounds keep an activity under ~16 KB (one-page 360 view).
 * The built-in activity types; the data dictionary owns the list (`activity-types`): the schemas take any code,
 * the handlers check it against the dictionary.
 */
export const ACTIVITY_TYPES = ['visit', 'call', 'email', 'meeting', 'care', 'other'] as const;

/** The earliest occurredAt accepted: older records belong to an import, not to this API. */
const EARLIEST = Date.parse('2000-01-01T00:00:00.000Z');

/** ISO 8601 UTC, normalised to `YYYY-MM-DDTHH:mm:ss.sssZ` so stored instants compare as strings. */
const instant = isoDateTime.transform((value) => new Date(value).toISOString());
const occurredAt = instant.refine((value) => Date.parse(value) >= EARLIEST, 'Not before 2000-01-01.');

/** At most this many staff, and this many contacts, take part in one activity. */
export const MAX_PARTICIPANTS = 20;

const unique = (values: readonly string[]): boolean => new Set(values).size === values.length;

/**
 * Who took part besides the recorder: staff (usernames of enabled staff users, checked against the user directory)
 * and contacts (current contacts of the same customer, checked by the write itself). Stored as sent.
 */
export const participantsSchema = z.strictObject({
  staff: z.array(usernameSchema).max(MAX_PARTICIPANTS, `At most ${MAX_PARTICIPANTS} staff.`).refine(unique, 'Staff must be unique.').optional(),
  contacts: z.array(ulidSchema).max(MAX_PARTICIPANTS, `At most ${MAX_PARTICIPANTS} contacts.`).refine(unique, 'Contacts must be unique.').optional(),
});
export type Participants = z.infer<typeof participantsSchema>;

export const createActivityBody = z
  .strictObject({
    type: code,
    /** When it happened. Fixed once recorded: it is the activity's place in the customer's timeline. */
    occurredAt,
    place: text(200).optional(),
    title: text(200),
    description: text(2000).optional(),
    /** The outcome of the visit or call. */
    result: text(2000).optional(),
    /** A live contact of the same customer. */
    contactId: ulidSchema.optional(),
    participants: participantsSchema.optional(),
    /** Puts the activity on its recorder's follow-up list until `followUpDone`. */
    nextFollowUpAt: instant.optional(),
    followUpDone: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.followUpDone && !body.nextFollowUpAt) {
      ctx.addIssue({ code: 'custom', path: ['followUpDone'], message: 'A follow-up can only be done when it has a date.' });
    }
    if (body.nextFollowUpAt && body.nextFollowUpAt < body.occurredAt) {
      ctx.addIssue({ code: 'custom', path: ['nextFollowUpAt'], message: 'The follow-up cannot be before the activity.' });
    }
  });
export type CreateActivityInput = z.infer<typeof createActivityBody>;

/** `occurredAt` is not here: it cannot change (delete the activity and record it again). `null` clears. */
export const updateActivityBody = z
  .strictObject({
    type: code.optional(),
    place: text(200).nullable().optional(),
    title: text(200).optional(),
    description: text(2000).nullable().optional(),
    result: text(2000).nullable().optional(),
    contactId: ulidSchema.nullable().optional(),
    /** Replaces the participants as a whole; `null` removes them. */
    participants: participantsSchema.nullable().optional(),
    /** A new date opens a new follow-up (done goes back to false unless sent too); `null` removes it. */
    nextFollowUpAt: instant.nullable().optional(),
    followUpDone: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.')
  .refine((body) => !(body.followUpDone === true && body.nextFollowUpAt === null), {
    message: 'A follow-up can only be done when it has a date.',
    path: ['followUpDone'],
  });
export type UpdateActivityInput = z.infer<typeof updateActivityBody>;

export const customerActivitiesParams = z.strictObject({ customerId: ulidSchema });
export const activityParams = z.strictObject({ customerId: ulidSchema, activityId: ulidSchema });

export const listActivitiesQuery = z
  .strictObject({
    ...pageQueryShape,
    type: code.optional(),
    /** occurredAt ≥ from (inclusive). */
    from: instant.optional(),
    /** occurredAt < to (exclusive). */
    to: instant.optional(),
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, { message: '`from` must be before `to`.', path: ['to'] });
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const listFollowUpsQuery = z.strictObject({
  ...pageQueryShape,
  /** Only follow-ups due strictly before this instant; without it, every open follow-up. */
  dueBefore: instant.optional(),
  /** Managers may read another user's list; for an account manager another user's list is empty. */
  userId: usernameSchema.optional(),
});
export type ListFollowUpsQuery = z.infer<typeof listFollowUpsQuery>;

/** How an activity names its contact: the contact may have been removed since (then `removed: true`). */
export const contactReferenceSchema = z.strictObject({
  id: ulidSchema,
  name: z.string().optional(),
  removed: z.boolean(),
});

/** An activity as the API returns it. Strict: no storage attribute can leak. */
export const activitySchema = z.strictObject({
  id: ulidSchema,
  customerId: ulidSchema,
  type: z.string(),
  occurredAt: isoDateTime,
  place: z.string().optional(),
  title: z.string(),
  description: z.string().optional(),
  result: z.string().optional(),
  contactId: ulidSchema.optional(),
  contact: contactReferenceSchema.optional(),
  participants: participantsSchema.optional(),
  /** `participants.contacts` named from the contact directory, in the same order (like `contact`). */
  participantContacts: z.array(contactReferenceSchema).optional(),
  nextFollowUpAt: isoDateTime.optional(),
  followUpDone: z.boolean(),
  ...auditFieldsShape,
});
export type Activity = z.infer<typeof activitySchema>;
export type StoredActivity = Omit<Activity, 'contact' | 'participantContacts'>;

/** One entry of a follow-up list (and of the 360 view's open follow-ups). */
export const followUpSchema = z.strictObject({
  activityId: ulidSchema,
  customerId: ulidSchema,
  /** Whose list it is on: the user who recorded the activity. */
  assigneeId: z.string(),
  dueAt: isoDateTime,
  type: z.string(),
  title: z.string(),
  occurredAt: isoDateTime,
  contactId: ulidSchema.optional(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const activityListSchema = z.strictObject({ items: z.array(activitySchema), nextCursor: z.string().nullable() });
export const followUpListSchema = z.strictObject({ items: z.array(followUpSchema), nextCursor: z.string().nullable() });
