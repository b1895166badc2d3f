import type { FieldError } from '#shared/core/errors';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { defaultListOf, type DictionarySnapshot, type DictionaryType } from '#shared/dictionary/dictionary';
import { booleanCell, customCellValue, moneyCell } from './custom-columns';

/**
 * How a file's columns become an entity's input fields. A header cell names its column in English (the API's field
 * name, any case) or Chinese (the source forms' terms, 客户名称 …). A cell becomes the field's JSON value by its kind;
 * the entity's own API schema then validates the whole row (import-rows.ts), so an import accepts exactly what the
 * API accepts.
 */
export interface ColumnSpec {
  /** The input field (the API's name). */
  readonly field: string;
  /** Header names that map to it besides the field name itself (case and spaces ignored). */
  readonly names: readonly string[];
  /**
   * `currency`: the currency of the money field `currencyOf` (an export writes an amount and its currency in two
   * columns); `ignored`: a column an export writes that an import reads past (ids, derived figures, audit fields).
   */
  readonly kind: 'text' | 'integer' | 'list' | 'code' | 'enum' | 'money' | 'boolean' | 'custom' | 'currency' | 'ignored';
  /** For `currency`: the money field (`registeredCapital`, `custom.<key>`) whose currency the column gives. */
  readonly currencyOf?: string;
  /** For `code`: the dictionary list whose labels are accepted and stored as codes. */
  readonly dictionary?: DictionaryType;
  /** For `enum`: labels accepted for each value (the values themselves always are). */
  readonly labels?: Readonly<Record<string, string>>;
  /** For `custom`: the custom field the column fills (its value goes under `custom`). */
  readonly definition?: CustomFieldDefinition;
}

const CUSTOM_COLUMN_PREFIX = 'custom.';

/**
 * The custom-field columns (issue 17): each active field of the entity type, named `custom.<key>` or by its label.
 * Read at the start of every job step, so a file is checked against the definitions as they are then.
 */
export const customColumns = (definitions: readonly CustomFieldDefinition[]): ColumnSpec[] =>
  definitions
    .filter((definition) => definition.active)
    .flatMap((definition): ColumnSpec[] => {
      const field = `${CUSTOM_COLUMN_PREFIX}${definition.key}`;
      const column: ColumnSpec = { field, names: [definition.label], kind: 'custom', definition };
      // An export writes a money field as the amount and, next to it, `<label> currency` (export-columns.ts).
      return definition.type === 'money' ? [column, currencyColumn(field, [`${definition.label} currency`])] : [column];
    });

/** The currency column of a money field, as an export heads it. */
export const currencyColumn = (moneyField: string, names: readonly string[]): ColumnSpec => ({ field: `${moneyField}Currency`, names, kind: 'currency', currencyOf: moneyField });

/** Columns an export writes that an import reads past, by their export headers (functions/exports/export-columns.ts). */
export const exportOnlyColumns = (headers: readonly string[]): ColumnSpec[] => headers.map((header) => ({ field: `export:${header}`, names: [header], kind: 'ignored' }));

/** The header of a file mapped to columns; `undefined` for an empty header cell (its column is ignored). */
export interface HeaderMapping {
  readonly columns: readonly (ColumnSpec | undefined)[];
}

const headerKey = (value: string): string => value.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Maps the header row; unknown, repeated or missing required columns are problems of the whole file. */
export const mapHeader = (header: readonly string[], specs: readonly ColumnSpec[], required: readonly string[]): { mapping?: HeaderMapping; errors: FieldError[] } => {
  const byName = new Map<string, ColumnSpec>();
  // A field's own name wins; a label that another column already answers to (a custom field labelled 备注) does not.
  for (const spec of specs) byName.set(headerKey(spec.field), spec);
  for (const spec of specs) for (const name of spec.names) if (!byName.has(headerKey(name))) byName.set(headerKey(name), spec);
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  const columns = header.map((cell, index) => {
    const key = headerKey(cell);
    if (key === '') return undefined;
    const spec = byName.get(key);
    const path = `header[${index + 1}]`;
    if (!spec) {
      errors.push({ path, message: `Unknown column "${cell.slice(0, 60)}".` });
      return undefined;
    }
    if (spec.kind === 'ignored') return undefined;
    if (seen.has(spec.field)) errors.push({ path, message: `Column "${cell.slice(0, 60)}" repeats the field ${spec.field}.` });
    seen.add(spec.field);
    return spec;
  });
  for (const field of required) if (!seen.has(field)) errors.push({ path: 'header', message: `The required column ${field} is missing.` });
  return errors.length > 0 ? { errors } : { mapping: { columns }, errors };
};

/** A cell a spreadsheet would evaluate: refused, so a file cannot smuggle a formula into a record (and out again). */
const FORMULA = /^[=@]|^[+-].*[(!]/;

const codeOf = (spec: ColumnSpec, value: string, snapshot: DictionarySnapshot): string => {
  const list = snapshot.lists.get(spec.dictionary!) ?? defaultListOf(spec.dictionary!);
  const wanted = value.normalize('NFKC').trim().toLowerCase();
  const entry = list.entries.find((candidate) => candidate.code === value) ?? list.entries.find((candidate) => candidate.label.normalize('NFKC').toLowerCase() === wanted);
  // An unknown value is passed on as it is: the dictionary check names it (400-style row error).
  return entry?.code ?? value;
};

/** One record's cells → the entity's input (empty cells are absent fields), or the cells that cannot be read. */
export const rowInput = (
  cells: readonly string[],
  mapping: HeaderMapping,
  snapshot: DictionarySnapshot,
): { input: Record<string, unknown>; errors: FieldError[] } => {
  const input: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  const currencies: [field: string, currency: string][] = [];
  mapping.columns.forEach((spec, index) => {
    const value = (cells[index] ?? '').trim();
    if (!spec || value === '') return;
    const path = spec.field;
    if (FORMULA.test(value)) {
      errors.push({ path, message: 'A formula is not accepted; enter the value itself.' });
      return;
    }
    switch (spec.kind) {
      case 'text':
        input[spec.field] = value;
        return;
      case 'integer': {
        const number = Number(value.replaceAll(',', ''));
        if (Number.isInteger(number)) input[spec.field] = number;
        else errors.push({ path, message: `"${value.slice(0, 40)}" is not a whole number.` });
        return;
      }
      case 'list':
        input[spec.field] = [...new Set(value.split(/[;,，；、|]/).map((item) => item.trim()).filter((item) => item !== ''))];
        return;
      case 'code':
        input[spec.field] = codeOf(spec, value, snapshot);
        return;
      case 'money':
      case 'boolean': {
        const cell = spec.kind === 'money' ? moneyCell(value) : booleanCell(value);
        if ('problem' in cell) errors.push({ path, message: cell.problem });
        else input[spec.field] = cell.value;
        return;
      }
      case 'custom': {
        const cell = customCellValue(spec.definition!, value);
        if ('problem' in cell) errors.push({ path, message: cell.problem });
        else input.custom = { ...(input.custom as Record<string, unknown> | undefined), [spec.definition!.key]: cell.value };
        return;
      }
      case 'enum': {
        const wanted = value.normalize('NFKC').toLowerCase();
        const label = Object.entries(spec.labels ?? {}).find(([name]) => name.toLowerCase() === wanted);
        input[spec.field] = label ? label[1] : wanted;
        return;
      }
      case 'currency':
        currencies.push([spec.currencyOf!, value.toUpperCase()]);
        return;
      case 'ignored':
        return;
    }
  });
  // After every cell: the amount's column may come after its currency's. A currency without an amount says nothing.
  for (const [field, currency] of currencies) {
    const custom = field.startsWith(CUSTOM_COLUMN_PREFIX) ? (input.custom as Record<string, unknown> | undefined) : input;
    const key = field.startsWith(CUSTOM_COLUMN_PREFIX) ? field.slice(CUSTOM_COLUMN_PREFIX.length) : field;
    const money = custom?.[key];
    if (custom && typeof money === 'object' && money !== null) custom[key] = { ...money, currency };
  }
  return { input, errors };
};
