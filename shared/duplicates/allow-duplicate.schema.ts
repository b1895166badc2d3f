import * as z from 'zod';

/**
 * `?allowDuplicate=true` on a write that creates or changes a customer (customer create and update, an opportunity's
 * win): keep the customer although it matches others (409 possible-duplicate otherwise).
 */
export const allowDuplicateQuery = z.strictObject({ allowDuplicate: z.enum(['true', 'false']).optional() });
export type AllowDuplicateQuery = z.infer<typeof allowDuplicateQuery>;
