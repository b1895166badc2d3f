import * as z from 'zod';
import { auditFieldsShape, text, ulidSchema } from '#shared/core/schema-primitives';
import {
  CUSTOM_FIELD_ENTITY_TYPES,
  CUSTOM_FIELD_KEY,
  CUSTOM_FIELD_TYPES,
  CUSTOM_OPTION_CODE,
  MAX_OPTIONS,
} from '#shared/custom-fields/custom-field';

/**
 * Names of Object.prototype members (`constructor`, `toString` …) are refused as keys and codes: they become map
 * keys in stored items (`custom.<key>`, the audit view's options), and the DynamoDB marshaller takes a map with an
 * own `constructor` for a class instance and refuses it (found by the fuzz suite: a 500).
 */
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));
const notReserved = (value: string) => !RESERVED.has(value);
const RESERVED_MESSAGE = 'This name is reserved; choose another.';

const optionInput = z.strictObject({
  code: z.string().regex(CUSTOM_OPTION_CODE, 'A lower-case code such as `gold`.').refine(notReserved, RESERVED_MESSAGE),
  label: text(100),
  /** `false` keeps the option valid in stored records while refusing it in new input. */
  active: z.boolean().default(true),
});

const options = z
  .array(optionInput)
  .min(1, 'A select field needs at least one option.')
  .max(MAX_OPTIONS, `At most ${MAX_OPTIONS} options.`)
  .superRefine((list, context) => {
    const seen = new Set<string>();
    list.forEach((option, index) => {
      if (seen.has(option.code)) context.addIssue({ code: 'custom', path: [index, 'code'], message: `Duplicate code \`${option.code}\`.` });
      seen.add(option.code);
    });
  });

const order = z.number().int().min(0).max(10_000);

export const createCustomFieldBody = z.strictObject({
  entityType: z.enum(CUSTOM_FIELD_ENTITY_TYPES),
  /** Stable and unique per entity type: the record's `custom.<key>`. */
  key: z.string().regex(CUSTOM_FIELD_KEY, 'Lower camelCase or snake_case, starting with a letter, at most 40 characters.').refine(notReserved, RESERVED_MESSAGE),
  label: text(100),
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: z.boolean().default(false),
  /** Select types only (required for them). */
  options: options.optional(),
  active: z.boolean().default(true),
  order: order.default(0),
});
export type CreateCustomFieldInput = z.infer<typeof createCustomFieldBody>;

/** `key`, `type` and `entityType` are immutable: sending them is refused like any unknown field. */
export const updateCustomFieldBody = z
  .strictObject({
    label: text(100).optional(),
    required: z.boolean().optional(),
    /** The whole list, in display order: every existing code must stay (deactivate instead of removing). */
    options: options.optional(),
    active: z.boolean().optional(),
    order: order.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'Send at least one field to change.');
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldBody>;

export const customFieldIdParams = z.strictObject({ customFieldId: ulidSchema });

export const listCustomFieldsQuery = z.strictObject({
  /** Absent: the fields of every entity type. */
  entityType: z.enum(CUSTOM_FIELD_ENTITY_TYPES).optional(),
});
export type ListCustomFieldsQuery = z.infer<typeof listCustomFieldsQuery>;

export const customFieldOptionSchema = z.strictObject({ code: z.string(), label: z.string(), active: z.boolean() });

export const customFieldSchema = z.strictObject({
  id: ulidSchema,
  entityType: z.enum(CUSTOM_FIELD_ENTITY_TYPES),
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(customFieldOptionSchema).optional(),
  active: z.boolean(),
  order: z.number().int(),
  ...auditFieldsShape,
});

/** Not paged (at most 50 fields per entity type); `nextCursor` is always null, as the list convention has it. */
export const customFieldListSchema = z.strictObject({ items: z.array(customFieldSchema), nextCursor: z.null() });
