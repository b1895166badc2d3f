import * as z from 'zod';
import { auditFieldsShape, code, isoDateTime, moneySchema, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';
import { DUE_AGEING_BUCKETS } from '#shared/dunning/dunning';

/** Zod schemas of the dunning routes (input and answers); the stored types live in the entity modules. */

export const listDunningQuery = z.strictObject({ ...pageQueryShape });
export type ListDunningQuery = z.infer<typeof listDunningQuery>;

export const orderIdParams = z.strictObject({ orderId: ulidSchema });
export const listDunningNotesQuery = z.strictObject({ ...pageQueryShape });
export type ListDunningNotesQuery = z.infer<typeof listDunningNotesQuery>;

/** A date-time with `Z` or an offset, stored normalised (`toISOString()`). */
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());

export const createDunningNoteBody = z
  .strictObject({
    /** A code of the `dunning-methods` dictionary list (phone, visit, email, letter …), checked by the handler. */
    method: code,
    note: text(2000),
    /** When the customer promised to pay: in the future, within a year. */
    promisedPayAt: instant.optional(),
    /** How much they promised (minor units, more than zero, at most the balance); defaults to the whole balance. */
    promisedAmount: moneySchema.optional(),
  })
  .refine((body) => body.promisedAmount === undefined || body.promisedPayAt !== undefined, {
    message: 'A promised amount goes with a promised date.',
    path: ['promisedPayAt'],
  });
export type CreateDunningNoteInput = z.infer<typeof createDunningNoteBody>;

export const dunningNoteSchema = z.strictObject({
  id: ulidSchema,
  orderId: ulidSchema,
  customerId: ulidSchema,
  method: z.string(),
  note: z.string(),
  promisedPayAt: isoDateTime.optional(),
  promisedAmount: moneySchema.optional(),
  ...auditFieldsShape,
});
export type DunningNote = z.infer<typeof dunningNoteSchema>;

export const dunningNoteListSchema = z.strictObject({ items: z.array(dunningNoteSchema), nextCursor: z.string().nullable() });

export const overdueBalanceSchema = z.strictObject({
  orderId: ulidSchema,
  orderNo: z.string(),
  customerId: ulidSchema,
  customerName: z.string(),
  orderedAt: isoDateTime,
  paymentTermsDays: z.number().int(),
  dueAt: isoDateTime,
  total: moneySchema,
  balance: moneySchema,
  /** Whole days past the due date. */
  daysOverdue: z.number().int().min(0),
  bucket: z.enum(DUE_AGEING_BUCKETS.map(({ bucket }) => bucket) as [string, ...string[]]),
});
export type OverdueBalance = z.infer<typeof overdueBalanceSchema>;

export const overdueBalanceListSchema = z.strictObject({
  asOf: isoDateTime,
  items: z.array(overdueBalanceSchema),
  nextCursor: z.string().nullable(),
});

// ------------------------------------------------------------------------------------------- letters

export const LETTER_STATUSES = ['pending-approval', 'approved', 'sending', 'sent', 'failed'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export const letterParams = z.strictObject({ orderId: ulidSchema, letterId: ulidSchema });
export const requestDunningLetterBody = z.strictObject({
  /** A few words of the sender's own, put into the template's body. */
  message: text(1000).optional(),
});
export type RequestDunningLetterInput = z.infer<typeof requestDunningLetterBody>;
/** Approve and send take no body (an empty object is accepted). */
export const emptyBody = z.strictObject({});

export const dunningLetterSchema = z.strictObject({
  id: ulidSchema,
  orderId: ulidSchema,
  customerId: ulidSchema,
  orderNo: z.string(),
  status: z.enum(LETTER_STATUSES),
  /** The first letter of an order waits for a manager's approval; later ones do not. */
  needsApproval: z.boolean(),
  /** The primary contact's address and name when the letter was requested. */
  to: z.string(),
  contactName: z.string(),
  subject: z.string(),
  text: z.string(),
  /** The HTML body as rendered at the request (letters requested before HTML templates have none: sent as the text). */
  html: z.string().optional(),
  /** The version of the letter template it was rendered with (0: the built-in one). */
  templateVersion: z.number().int().min(0).optional(),
  message: z.string().optional(),
  approvedAt: isoDateTime.optional(),
  approvedBy: z.string().optional(),
  sentAt: isoDateTime.optional(),
  /** SES's message id once sent. */
  messageId: z.string().optional(),
  /** Why SES refused it (the error's name), when `failed`. */
  error: z.string().optional(),
  ...auditFieldsShape,
});
export type DunningLetter = z.infer<typeof dunningLetterSchema>;
export const dunningLetterListSchema = z.strictObject({ items: z.array(dunningLetterSchema), nextCursor: z.string().nullable() });

// ------------------------------------------------------------------------------------------- letter template

// Tabs and line breaks are allowed in the bodies, no other control character.
// eslint-disable-next-line no-control-regex
const BODY_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const templateBody = (max: number) =>
  z.string().min(1, 'Must not be empty.').max(max, `At most ${max} characters.`).refine((value) => !BODY_CONTROL.test(value), 'Control characters other than tab and line breaks are not allowed.');

/** `PUT /v1/dunning/letter-template`: the whole template (Liquid placeholders, see dunning-letter.template.ts). */
export const letterTemplateBody = z.strictObject({
  /** One line: CR/LF refused (a mail header). */
  subject: z.string().min(1, 'Must not be empty.').max(200, 'At most 200 characters.').refine((value) => !/[\r\n\u2028\u2029]/.test(value), 'A subject is one line: CR and LF are not allowed (a mail header).').refine((value) => !BODY_CONTROL.test(value), 'Control characters are not allowed.'),
  text: templateBody(10_000),
  html: templateBody(20_000),
});
export type LetterTemplateInput = z.infer<typeof letterTemplateBody>;

export const letterTemplateSchema = z.strictObject({
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** The placeholders a template may use, as `{{ name }}`. */
  placeholders: z.array(z.string()),
  /** True while no administrator has replaced the built-in template (version 0). */
  builtIn: z.boolean(),
  version: z.number().int().min(0),
  createdAt: isoDateTime.optional(),
  createdBy: z.string().optional(),
  updatedAt: isoDateTime.optional(),
  updatedBy: z.string().optional(),
});
export type LetterTemplateView = z.infer<typeof letterTemplateSchema>;
