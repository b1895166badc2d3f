import * as z from 'zod';
import { queryInteger } from '#shared/core/schema-primitives';
import { emailQuerySchema, exactlyOneOf, MATCH_RANKS, phoneQuerySchema } from '#shared/search/search-query.schema';
import { contactSchema } from './contact.schema';

export const CONTACT_LOOKUP_FIELDS = ['phone', 'email'] as const;

/** `GET /v1/contacts?phone=` (whole number or its last 4+ digits) or `?email=`: exactly one. */
export const findContactsQuery = z
  .strictObject({
    phone: phoneQuerySchema.optional(),
    email: emailQuerySchema.optional(),
    limit: queryInteger(1, 50, 20),
  })
  .superRefine(exactlyOneOf(CONTACT_LOOKUP_FIELDS));
export type FindContactsQuery = z.infer<typeof findContactsQuery>;

export const contactLookupItemSchema = z.strictObject({
  contact: contactSchema,
  customer: z.strictObject({ id: z.string(), customerNo: z.string(), name: z.string(), ownerId: z.string(), ownerName: z.string() }),
  matchedBy: z.enum(['phone', 'email']),
  rank: z.enum(MATCH_RANKS),
});
export type ContactLookupItem = z.infer<typeof contactLookupItemSchema>;

export const contactLookupResultSchema = z.strictObject({
  items: z.array(contactLookupItemSchema),
  /** More contacts may match than were returned: refine the query (more digits). */
  truncated: z.boolean(),
});
