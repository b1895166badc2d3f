import type { FieldError } from '#shared/core/errors';
import type { UpdatePlan } from '#shared/db/update-expression';
import {
  CUSTOM_OPTION_CODE,
  LONG_TEXT_MAX_LENGTH,
  TEXT_MAX_LENGTH,
  type CustomFieldDefinition,
  type CustomFieldFilter,
  type CustomValue,
  type CustomValues,
} from './custom-field';

/**
 * The one validator of custom values, used by every write of every entity type (through custom-values.middleware.ts)
 * against the definitions current at the time of the write. Pure: definitions in, field errors out.
 *
 * - a key with no definition → unknown field;
 * - a value for an inactive field → refused (its stored values stay; a `null` that clears one is accepted);
 * - a value of the wrong type, an unknown or inactive option → refused;
 * - on create, every active required field must have a value; on update, a required field cannot be cleared.
 * Every error names `body.custom.<key>`.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u001F\u007F]/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURRENCY = /^[A-Z]{3}$/;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isCalendarDate = (value: string): boolean => {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
};

const textProblem = (value: unknown, max: number, multiline: boolean): string | undefined => {
  if (typeof value !== 'string') return 'A string.';
  if (value.trim().length === 0) return 'Must not be empty (send null to clear it).';
  if (value.length > max) return `At most ${max} characters.`;
  if ((multiline ? CONTROL : CONTROL_OR_NEWLINE).test(value)) return 'Control characters are not allowed.';
  return undefined;
};

const optionProblem = (definition: CustomFieldDefinition, code: unknown): string | undefined => {
  if (typeof code !== 'string' || !CUSTOM_OPTION_CODE.test(code)) return 'An option code (GET /v1/custom-fields lists them).';
  const option = definition.options?.find((candidate) => candidate.code === code);
  if (!option) return `Unknown option \`${code}\`.`;
  if (!option.active) return `The option \`${code}\` is inactive: no longer accepted for new input.`;
  return undefined;
};

/** Why `value` is not a valid value of the field, or undefined when it is. */
export const valueProblem = (definition: CustomFieldDefinition, value: unknown): string | undefined => {
  switch (definition.type) {
    case 'text':
      return textProblem(value, TEXT_MAX_LENGTH, false);
    case 'longText':
      return textProblem(value, LONG_TEXT_MAX_LENGTH, true);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER
        ? undefined
        : 'A number.';
    case 'money': {
      if (!isPlainObject(value)) return 'Money: { "amount": integer minor units, "currency": "CNY" }.';
      const keys = Object.keys(value);
      if (keys.length !== 2 || !keys.includes('amount') || !keys.includes('currency')) return 'Money: exactly `amount` and `currency`.';
      const { amount, currency } = value;
      if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) return 'Money: `amount` in integer minor units (fen / cents), not negative.';
      if (typeof currency !== 'string' || !CURRENCY.test(currency)) return 'Money: `currency` an ISO 4217 code such as CNY.';
      return undefined;
    }
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? undefined : 'A date such as 2026-05-31.';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'true or false.';
    case 'singleSelect':
      return optionProblem(definition, value);
    case 'multiSelect': {
      if (!Array.isArray(value)) return 'A list of option codes.';
      if (value.length === 0) return 'At least one option (send null to clear it).';
      if (new Set(value).size !== value.length) return 'Options must be unique.';
      for (const code of value) {
        const problem = optionProblem(definition, code);
        if (problem) return problem;
      }
      return undefined;
    }
  }
};

/**
 * The errors of a request's custom values (`input`: the body's `custom`, possibly absent) against the current
 * definitions of the entity type. `create`: nulls count as absent; active required fields must be present.
 * `update`: `null` clears a field unless it is an active required one.
 */
export const customValueErrors = (
  definitions: readonly CustomFieldDefinition[],
  input: Readonly<Record<string, unknown>> | undefined,
  operation: 'create' | 'update',
  path = 'body.custom',
): FieldError[] => {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(input ?? {})) {
    const definition = byKey.get(key);
    const at = `${path}.${key}`;
    if (!definition) {
      errors.push({ path: at, message: `Unknown custom field \`${key}\` (GET /v1/custom-fields?entityType= lists them).` });
      continue;
    }
    if (value === null || value === undefined) {
      if (operation === 'update' && definition.required && definition.active) errors.push({ path: at, message: 'Required: it cannot be cleared.' });
      continue;
    }
    if (!definition.active) {
      errors.push({ path: at, message: `The custom field \`${key}\` is deactivated: its stored values stay, it takes no new value.` });
      continue;
    }
    const problem = valueProblem(definition, value);
    if (problem) errors.push({ path: at, message: problem });
  }
  if (operation === 'create') {
    for (const definition of definitions) {
      const value = input?.[definition.key];
      if (definition.active && definition.required && (value === null || value === undefined || !Object.hasOwn(input ?? {}, definition.key))) {
        errors.push({ path: `${path}.${definition.key}`, message: 'Required.' });
      }
    }
  }
  return errors;
};

/** The values a create stores: the input without its nulls; undefined when nothing is left. */
export const createdValues = (input: Readonly<Record<string, unknown>> | undefined): CustomValues | undefined => {
  const entries = Object.entries(input ?? {}).filter(([, value]) => value !== null && value !== undefined);
  return entries.length > 0 ? (Object.fromEntries(entries) as CustomValues) : undefined;
};

/**
 * A PATCH of custom values applied to the stored ones: set keys replace, `null` removes, absent keys stay.
 * `undefined` when the PATCH has no `custom` (nothing to change); `null` when no value is left (the attribute is
 * removed, as any optional field cleared).
 */
export const mergeCustomValues = (
  stored: CustomValues | undefined,
  patch: Readonly<Record<string, unknown>> | null | undefined,
): CustomValues | null | undefined => {
  if (patch === undefined || patch === null) return undefined;
  const merged: Record<string, CustomValue> = { ...(stored ?? {}) };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined) delete merged[key];
    else merged[key] = value as CustomValue;
  }
  return Object.keys(merged).length > 0 ? merged : null;
};

/**
 * The errors of list filters `?custom.<key>=<code>`: the key must be an active select field, the code one of its
 * options (an inactive option still finds the records that carry it). Answers the filters when all are valid.
 */
export const customFilterErrors = (
  definitions: readonly CustomFieldDefinition[],
  requested: Readonly<Record<string, string>>,
  path = 'query',
): { errors: FieldError[]; filters: CustomFieldFilter[] } => {
  const byKey = new Map(definitions.map((definition) => [definition.key, definition]));
  const errors: FieldError[] = [];
  const filters: CustomFieldFilter[] = [];
  for (const [key, code] of Object.entries(requested)) {
    const at = `${path}.custom.${key.slice(0, 60)}`;
    const definition = byKey.get(key);
    if (!definition || !definition.active || (definition.type !== 'singleSelect' && definition.type !== 'multiSelect')) {
      errors.push({ path: at, message: `Not an active select custom field: only those filter lists.` });
    } else if (!definition.options?.some((option) => option.code === code)) {
      errors.push({ path: at, message: `Unknown option \`${code.slice(0, 50)}\` of \`${key}\`.` });
    } else {
      filters.push({ key, code, match: definition.type === 'multiSelect' ? 'contains' : 'equals' });
    }
  }
  return { errors, filters };
};

/**
 * An update plan whose `set.custom` holds a PATCH of custom values, turned into the write of the merged values
 * (REMOVE when none is left). For repositories that read the record before writing it (under its version).
 */
export const withMergedCustomValues = (plan: UpdatePlan, stored: unknown): UpdatePlan => {
  const patch = plan.set?.custom as Record<string, unknown> | undefined;
  if (patch === undefined) return plan;
  const { custom: _patch, ...set } = plan.set ?? {};
  const merged = mergeCustomValues(stored as CustomValues | undefined, patch);
  return merged ? { ...plan, set: { ...set, custom: merged } } : { ...plan, set, remove: [...(plan.remove ?? []), 'custom'] };
};
