import * as z from 'zod';
import { queryInteger } from '#shared/core/schema-primitives';
import { emailQuerySchema, exactlyOneOf, MATCH_RANKS, nameQuerySchema, phoneQuerySchema, taxNoQuerySchema } from '#shared/search/search-query.schema';
import { customerNoSchema } from '#functions/customers/customer/customer.schema';

/** What a search can look up: exactly one of them per request. */
export const SEARCH_FIELDS = ['q', 'phone', 'email', 'customerNo', 'taxNo'] as const;

export const searchCustomersQuery = z
  .strictObject({
    q: nameQuerySchema.optional(),
    phone: phoneQuerySchema.optional(),
    email: emailQuerySchema.optional(),
    customerNo: customerNoSchema.optional(),
    taxNo: taxNoQuerySchema.optional(),
    limit: queryInteger(1, 50, 20),
  })
  .superRefine(exactlyOneOf(SEARCH_FIELDS));
export type SearchCustomersQuery = z.infer<typeof searchCustomersQuery>;

export const MATCHED_BY = ['name', 'pinyin', 'phone', 'email', 'customerNo', 'taxNo'] as const;

/** One customer found: what a picker shows. Strict: no key attribute can leak. */
export const customerSearchHitSchema = z.strictObject({
  id: z.string(),
  customerNo: z.string(),
  name: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  /** What matched: the name, its pinyin initials, or a lookup field. */
  matchedBy: z.enum(MATCHED_BY),
  /** exact > prefix > infix (> suffix: the last digits of a phone number); the order of `items`. */
  rank: z.enum(MATCH_RANKS),
});
export type CustomerSearchItem = z.infer<typeof customerSearchHitSchema>;

export const customerSearchResultSchema = z.strictObject({
  items: z.array(customerSearchHitSchema),
  /** More customers may match than were returned, or than were read: refine the query. */
  truncated: z.boolean(),
});
