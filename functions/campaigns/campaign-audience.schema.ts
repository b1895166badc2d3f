import * as z from 'zod';
import { code, isoDateTime, text, ulidSchema } from '#shared/core/schema-primitives';
import { CUSTOMER_TYPES } from '#functions/customers/customer/customer.schema';

/**
 * A campaign's audience (目标客户群 / segment): a saved filter over customers and their contacts. Every field narrows;
 * none given is every customer. Strict: an unknown filter field is a 400 naming it. Stored on the campaign as given,
 * applied when it is previewed (`GET …/audience`) and when the campaign is launched (its members are materialised
 * then, so later changes to customers do not move a running campaign). docs/data-model.md, "Campaign audience".
 */
export const audienceSchema = z
  .strictObject({
    /** Dictionary codes (`level`, `region`, `industry`): a code no customer has matches nobody. */
    level: code.optional(),
    region: code.optional(),
    /** A Chinese province's GB/T 2260 code, or the free text of a customer abroad (as the customer list). */
    province: text(100).optional(),
    industry: code.optional(),
    type: z.enum(CUSTOMER_TYPES).optional(),
    /** Every tag must be on the customer. */
    tags: z.array(z.string().min(1).max(32)).min(1).max(5).optional(),
    /** Select custom fields of customers: key → option code (a multi select holds it); checked against the definitions. */
    custom: z.record(z.string().min(1).max(60), code).optional(),
    /** The customer's last order at or after this instant (customers that never ordered are out of any last-order range). */
    lastOrderAfter: isoDateTime.optional(),
    /** The customer's last order before this instant (exclusive). */
    lastOrderBefore: isoDateTime.optional(),
    /** Lifetime value (Σ of the customer's orders, minor units of the company currency), inclusive bounds. */
    lifetimeValueMin: z.number().int().min(0).optional(),
    lifetimeValueMax: z.number().int().min(0).optional(),
    /** Only each customer's primary contact (else every live contact of the customer). */
    primaryContactsOnly: z.boolean().optional(),
  })
  .refine((audience) => Object.keys(audience.custom ?? {}).length <= 5, { message: 'At most 5 custom-field filters.', path: ['custom'] })
  .refine((a) => a.lastOrderAfter === undefined || a.lastOrderBefore === undefined || a.lastOrderAfter < a.lastOrderBefore, {
    message: '`lastOrderAfter` must be before `lastOrderBefore`.',
    path: ['lastOrderBefore'],
  })
  .refine((a) => a.lifetimeValueMin === undefined || a.lifetimeValueMax === undefined || a.lifetimeValueMin <= a.lifetimeValueMax, {
    message: '`lifetimeValueMin` must not exceed `lifetimeValueMax`.',
    path: ['lifetimeValueMax'],
  });
export type Audience = z.infer<typeof audienceSchema>;

/** One member of an audience preview: a contact with its customer. */
export const audienceEntrySchema = z.strictObject({
  contact: z.strictObject({
    id: ulidSchema,
    name: z.string(),
    email: z.string().optional(),
    position: z.string().optional(),
    isPrimary: z.boolean(),
  }),
  customer: z.strictObject({
    id: ulidSchema,
    customerNo: z.string(),
    name: z.string(),
    level: z.string(),
    ownerId: z.string(),
  }),
});
export type AudienceEntry = z.infer<typeof audienceEntrySchema>;

/** How many the audience holds now: customers that match, and their contacts (primary ones only when so asked). */
export const audienceCountSchema = z.strictObject({ customers: z.number().int().min(0), contacts: z.number().int().min(0) });
export type AudienceCount = z.infer<typeof audienceCountSchema>;

export const campaignAudienceSchema = z.strictObject({
  /** On the first page only (no cursor): counting reads every matching customer once. */
  count: audienceCountSchema.optional(),
  items: z.array(audienceEntrySchema),
  nextCursor: z.string().nullable(),
});
