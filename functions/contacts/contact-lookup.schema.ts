import * as z from 'zod';
import { queryInteger, usernameSchema } from '#shared/core/schema-primitives';
import { emailQuerySchema, exactlyOneOf, MATCH_RANKS, phoneQuerySchema } from '#shared/search/search-query.schema';
import { updatedSinceQuery } from '#shared/customer-records/delta-sync.schema';
import { contactSchema } from './contact.schema';

export const CONTACT_LOOKUP_FIELDS = ['phone', 'email', 'updatedSince'] as const;

/**
 * `GET /v1/contacts?phone=` (whole number or its last 4+ digits), `?email=`, or `?updatedSince=` (the contacts delta
 * feed across customers, paged with `cursor`): exactly one of the three.
 */
export const findContactsQuery = z
  .strictObject({
    phone: phoneQuerySchema.optional(),
    email: emailQuerySchema.optional(),
    updatedSince: updatedSinceQuery.optional(),
    limit: queryInteger(1, 50, 20),
    cursor: z.string().min(1).max(2048).optional().describe('With updatedSince: the nextCursor of the previous page'),
    ownerId: usernameSchema.optional().describe("With updatedSince: that owner's customers' contacts only (account managers: their own, another's is an empty page)"),
  })
  .superRefine(exactlyOneOf(CONTACT_LOOKUP_FIELDS))
  .superRefine((query, context) => {
    if (query.cursor !== undefined && query.updatedSince === undefined) {
      context.addIssue({ code: 'custom', path: ['cursor'], message: 'A cursor pages the delta feed only (with updatedSince).' });
    }
    if (query.ownerId !== undefined && query.updatedSince === undefined) {
      context.addIssue({ code: 'custom', path: ['ownerId'], message: 'ownerId filters the delta feed only (with updatedSince).' });
    }
  });
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
