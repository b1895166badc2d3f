import * as z from 'zod';
import { code, isoDateTime, text } from '#shared/core/schema-primitives';
import { DICTIONARY_TYPES } from '#shared/dictionary/dictionary';

/** At most this many entries per list: the list item stays far below 400 KB and the whole dictionary one Query page. */
export const MAX_DICTIONARY_ENTRIES = 200;

export const dictionaryTypeParams = z.strictObject({ type: z.enum(DICTIONARY_TYPES) });

/** `code` (shared/core/schema-primitives.ts) allows only `[a-z0-9-]`: no `#`, `:` or `__proto__` can reach a key. */
const entryInput = z.strictObject({
  code,
  label: text(100),
  /** `false` keeps a used code valid in stored records while refusing it in new input. */
  active: z.boolean().default(true),
  /** `care-rules` only, and required there: no contact for this many days (whole days, 1–3650) … */
  days: z.number().int('Whole days.').min(1).max(3650).optional(),
  /** … is reminded this many days before (0 to days − 1). */
  leadDays: z.number().int('Whole days.').min(0).max(3649).optional(),
  /** `opportunity-stages` only, and required there: the stage's default probability (whole percent, 0–100). */
  probability: z.number().int('A whole percentage.').min(0).max(100).optional(),
});

/** PUT replaces the whole list, in display order. */
export const replaceDictionaryBody = z
  .strictObject({
    entries: z.array(entryInput).min(1, 'A list needs at least one entry.').max(MAX_DICTIONARY_ENTRIES, `At most ${MAX_DICTIONARY_ENTRIES} entries.`),
  })
  .superRefine((body, context) => {
    const seen = new Set<string>();
    body.entries.forEach((entry, index) => {
      if (seen.has(entry.code)) context.addIssue({ code: 'custom', path: ['entries', index, 'code'], message: `Duplicate code \`${entry.code}\`.` });
      seen.add(entry.code);
    });
    if (!body.entries.some((entry) => entry.active)) {
      context.addIssue({ code: 'custom', path: ['entries'], message: 'At least one entry must be active, or no new record could use the list.' });
    }
  });
export type ReplaceDictionaryInput = z.infer<typeof replaceDictionaryBody>;

export const dictionaryEntrySchema = z.strictObject({
  code: z.string(),
  label: z.string(),
  active: z.boolean(),
  days: z.number().int().optional(),
  leadDays: z.number().int().optional(),
  probability: z.number().int().optional(),
});

/** One type's list as the API returns it. `version` 0: the built-in list, never replaced (no audit fields yet). */
export const dictionaryListSchema = z.strictObject({
  type: z.enum(DICTIONARY_TYPES),
  entries: z.array(dictionaryEntrySchema),
  /** Codes that records have used: they cannot be removed (deactivate them instead). */
  usedCodes: z.array(z.string()),
  version: z.number().int().min(0),
  createdAt: isoDateTime.optional(),
  createdBy: z.string().optional(),
  updatedAt: isoDateTime.optional(),
  updatedBy: z.string().optional(),
});
export type DictionaryListView = z.infer<typeof dictionaryListSchema>;

/** Every type, in the order of DICTIONARY_TYPES (a fixed, small set: not paged). */
export const dictionaryIndexSchema = z.strictObject({ items: z.array(dictionaryListSchema) });

/** `GET /v1/dictionary` takes no query parameters: an unknown one is refused like an unknown field. */
export const emptyQuery = z.strictObject({});
