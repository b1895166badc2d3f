import * as z from 'zod';
import { auditFieldsShape, isoDateTime, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { customValuesInput, customValuesPatch, customValuesSchema } from '#shared/custom-fields/custom-values.schema';
import { feedPageSchema, updatedSinceQuery } from '#shared/customer-records/delta-sync.schema';

/** The people at a customer (联系人). Field bounds keep a contact under ~11 KB, so the 360 view stays one page. */
export const GENDERS = ['male', 'female', 'other'] as const;
export const SPECIAL_DAY_TYPES = ['birthday', 'anniversary'] as const;

const phone = z.string().trim().regex(/^[+0-9()\-\s]{3,32}$/, 'Digits, spaces, +, -, ( and ) only.');

/** A WeChat ID (微信号): 6–20 characters, a letter first, then letters, digits, `_` or `-`. */
const wechat = z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_-]{5,19}$/, 'A WeChat ID: 6–20 characters, a letter first, then letters, digits, _ or -.');

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** `YYYY-MM-DD`, or `MM-DD` when the year is unknown (a birthday whose year nobody asked). A real calendar day. */
const dayOfYear = z
  .string()
  .regex(/^(\d{4}-)?\d{2}-\d{2}$/, 'A date as YYYY-MM-DD, or MM-DD without the year.')
  .refine((value) => {
    const parts = value.split('-').map(Number);
    const [year, month, day] = parts.length === 3 ? parts : [undefined, ...parts];
    if (month === undefined || day === undefined || month < 1 || month > 12 || day < 1) return false;
    if (year !== undefined && (year < 1900 || year > 2100)) return false;
    const max = month === 2 && year !== undefined && !isLeap(year) ? 28 : DAYS_IN_MONTH[month - 1]!;
    return day <= max;
  }, 'Not a calendar date.');

export const specialDaySchema = z.strictObject({
  type: z.enum(SPECIAL_DAY_TYPES),
  /** What the day is: "wedding anniversary", "joined the company" …; optional for a birthday. */
  label: text(50).optional(),
  date: dayOfYear,
});
export type SpecialDay = z.infer<typeof specialDaySchema>;

const specialDays = z
  .array(specialDaySchema)
  .max(10, 'At most 10 special days.')
  .refine((days) => days.filter((day) => day.type === 'birthday').length <= 1, 'At most one birthday.')
  .refine((days) => days.every((day) => day.type === 'birthday' || day.label !== undefined), 'An anniversary needs a label.');

/**
 * Marketing consent (issue 19, part 3: consent is law). Absent = `unknown` (contacts stored before consent existed).
 * Staff set `opted-in`, `unknown` or `opted-out` (create / PATCH); `opted-out` is also set by the campaign mail's
 * unsubscribe link, `bounced` and `complained` by SES's bounce and complaint events only. A campaign's mail never goes
 * to `opted-out`, `bounced` or `complained` (shared/campaigns/marketing-consent.ts).
 */
export const MARKETING_CONSENTS = ['opted-in', 'unknown', 'opted-out', 'bounced', 'complained'] as const;
export type MarketingConsent = (typeof MARKETING_CONSENTS)[number];
/** The states staff may set by hand; bounced and complained come from the mail service only. */
export const STAFF_MARKETING_CONSENTS = ['opted-in', 'unknown', 'opted-out'] as const;
/** Who set the consent last: staff on the contact, the unsubscribe link, or SES's bounce / complaint events. */
export const CONSENT_SOURCES = ['staff', 'unsubscribe', 'bounce', 'complaint'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

const hobbies = z
  .array(text(50))
  .max(20, 'At most 20 hobbies.')
  .refine((values) => new Set(values).size === values.length, 'Hobbies must be unique.');

/** Optional fields a client may write; on PATCH `null` clears them. */
const optionalWritable = {
  /** How to address them: 先生, 女士, Dr. … */
  salutation: text(20),
  gender: z.enum(GENDERS),
  position: text(100),
  department: text(100),
  officePhone: phone,
  mobile: phone,
  homePhone: phone,
  fax: phone,
  wechat,
  address: text(300),
  email: z.email('Not an e-mail address.').max(254),
  memo: text(1000),
  specialDays,
  hobbies,
};

export const createContactBody = z.strictObject({
  name: text(100),
  ...Object.fromEntries(Object.entries(optionalWritable).map(([key, schema]) => [key, schema.optional()])) as {
    [K in keyof typeof optionalWritable]: z.ZodOptional<(typeof optionalWritable)[K]>;
  },
  /** Making a contact primary takes the flag from the previous primary contact (one per customer). */
  isPrimary: z.boolean().default(false),
  /** Marketing consent as staff recorded it (absent: unknown); stamped with `consentUpdatedAt` and source `staff`. */
  marketingConsent: z.enum(STAFF_MARKETING_CONSENTS).optional(),
  /** Custom-field values (shared/custom-fields/), checked against the current definitions by the handler. */
  custom: customValuesInput.optional(),
});
export type CreateContactInput = z.infer<typeof createContactBody>;

export const updateContactBody = z
  .strictObject({
    name: text(100).optional(),
    ...(Object.fromEntries(Object.entries(optionalWritable).map(([key, schema]) => [key, schema.nullable().optional()])) as {
      [K in keyof typeof optionalWritable]: z.ZodOptional<z.ZodNullable<(typeof optionalWritable)[K]>>;
    }),
    /** `true` makes this the primary contact; `false` clears the flag if it is theirs. */
    isPrimary: z.boolean().optional(),
    /** Marketing consent as staff recorded it now (`unknown` resets it); bounced / complained are not settable. */
    marketingConsent: z.enum(STAFF_MARKETING_CONSENTS).optional(),
    /** A merge patch of custom-field values: a value sets, null clears, absent keys stay. */
    custom: customValuesPatch.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type UpdateContactInput = z.infer<typeof updateContactBody>;

export const customerContactsParams = z.strictObject({ customerId: ulidSchema });
export const contactParams = z.strictObject({ customerId: ulidSchema, contactId: ulidSchema });

export const listContactsQuery = z.strictObject({
  ...pageQueryShape,
  // The delta feed (docs/api.md, "Delta sync"): one answer, without a cursor.
  updatedSince: updatedSinceQuery.optional(),
});
export type ListContactsQuery = z.infer<typeof listContactsQuery>;

/** A contact as the API returns it. Strict: no storage attribute can leak. `isPrimary` is derived. */
export const contactSchema = z.strictObject({
  id: ulidSchema,
  customerId: ulidSchema,
  name: z.string(),
  salutation: z.string().optional(),
  gender: z.enum(GENDERS).optional(),
  position: z.string().optional(),
  department: z.string().optional(),
  officePhone: z.string().optional(),
  mobile: z.string().optional(),
  homePhone: z.string().optional(),
  fax: z.string().optional(),
  wechat: z.string().optional(),
  address: z.string().optional(),
  email: z.string().optional(),
  isPrimary: z.boolean(),
  memo: z.string().optional(),
  specialDays: z.array(specialDaySchema).optional(),
  hobbies: z.array(z.string()).optional(),
  custom: customValuesSchema.optional(),
  /** Marketing consent (absent: unknown), when it last changed and by what. */
  marketingConsent: z.enum(MARKETING_CONSENTS).optional(),
  consentUpdatedAt: isoDateTime.optional(),
  consentSource: z.enum(CONSENT_SOURCES).optional(),
  ...auditFieldsShape,
});
export type Contact = z.infer<typeof contactSchema>;
/** What is stored: everything but the derived `isPrimary`. */
export type StoredContact = Omit<Contact, 'isPrimary'>;

/** Fields a PATCH may change (all but the identity and audit fields). */
export const CONTACT_EDITABLE_FIELDS = ['name', ...Object.keys(optionalWritable)] as (keyof StoredContact)[];

export const contactListSchema = z.strictObject({ items: z.array(contactSchema), nextCursor: z.string().nullable() });

/** The contacts delta feed (`?updatedSince=`): changed contacts and tombstones of deleted ones, in change order. */
export const contactFeedSchema = feedPageSchema(contactSchema);
