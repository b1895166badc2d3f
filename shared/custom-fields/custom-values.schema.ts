import * as z from 'zod';
import { moneySchema } from '#shared/core/schema-primitives';
import { CUSTOM_FIELD_KEY, LONG_TEXT_MAX_LENGTH, MAX_OPTIONS, MAX_VALUES_PER_REQUEST } from './custom-field';

/**
 * The `custom` member of the records' schemas: an object of values keyed by custom-field key. The JSON shape is
 * checked here; the values against the current definitions by `customValues` (custom-values.middleware.ts).
 */
const customValue = z.union([
  z.string().max(LONG_TEXT_MAX_LENGTH),
  z.number(),
  z.boolean(),
  moneySchema,
  z.array(z.string().max(40)).max(MAX_OPTIONS),
]);

const customKey = z.string().regex(CUSTOM_FIELD_KEY, 'A custom-field key (lower camelCase or snake_case).');

const bounded = <T extends z.ZodType>(schema: T) =>
  schema.refine((values) => Object.keys(values as object).length <= MAX_VALUES_PER_REQUEST, `At most ${MAX_VALUES_PER_REQUEST} custom values.`);

/** On create: the values of the new record (null = not set). */
export const customValuesInput = bounded(z.record(customKey, customValue.nullable()))
  .describe('Custom-field values by key (GET /v1/custom-fields?entityType= lists the fields); null = not set.');

/** On update: a merge patch — a value sets the field, `null` clears it, an absent key leaves it alone. */
export const customValuesPatch = bounded(z.record(customKey, customValue.nullable()))
  .describe('Custom-field values to change, by key: a value sets it, null clears it, an absent key stays.');

/** As records return them. */
export const customValuesSchema = z
  .record(z.string(), customValue)
  .describe('Custom-field values by key: text, long text, date (yyyy-mm-dd) and single select as strings, number, boolean, money, multi select as a list of option codes.');
