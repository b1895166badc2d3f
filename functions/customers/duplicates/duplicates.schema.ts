import * as z from 'zod';
import { isoDateTime, pageQueryShape } from '#shared/core/schema-primitives';
import { DUPLICATE_RULES } from '#shared/duplicates/duplicate-keys';

const ULID = '[0-9A-HJKMNP-TV-Z]{26}';

export const listDuplicatePairsQuery = z.strictObject({ ...pageQueryShape });
export type ListDuplicatePairsQuery = z.infer<typeof listDuplicatePairsQuery>;

/** `<id>-<id>`: the two customers' ids in order. */
export const duplicatePairParams = z.strictObject({
  pairId: z
    .string()
    .regex(new RegExp(`^${ULID}-${ULID}$`), 'Two customer ids joined by "-".')
    .refine((value) => {
      const [a, b] = value.split('-');
      return a! < b!;
    }, 'The smaller id first.'),
});

const pairCustomerSchema = z.strictObject({
  id: z.string(),
  customerNo: z.string(),
  name: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
});

export const duplicatePairSchema = z.strictObject({
  pairId: z.string(),
  customers: z.array(pairCustomerSchema).length(2),
  matchedBy: z.array(z.enum(DUPLICATE_RULES)),
  status: z.enum(['open', 'dismissed', 'merged']),
  version: z.number().int().min(1),
  detectedAt: isoDateTime,
  detectedBy: z.string(),
  dismissedAt: isoDateTime.optional(),
  dismissedBy: z.string().optional(),
});
export type DuplicatePairView = z.infer<typeof duplicatePairSchema>;

export const duplicatePairListSchema = z.strictObject({ items: z.array(duplicatePairSchema), nextCursor: z.string().nullable() });
