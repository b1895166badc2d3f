/**
 * Custom fields (扩展字段, issue 17): fields an administrator adds to customers, contacts, opportunities, orders and
 * service requests. A definition says what a field is; a record carries its values under `custom`, keyed by the
 * definition's `key` (docs/data-model.md, "Custom fields"). No AWS import and no zod: the value validator
 * (custom-values.ts), the middleware, use cases and repositories share these types.
 */

export const CUSTOM_FIELD_ENTITY_TYPES = ['customer', 'contact', 'opportunity', 'order', 'service'] as const;
export type CustomFieldEntityType = (typeof CUSTOM_FIELD_ENTITY_TYPES)[number];

export const CUSTOM_FIELD_TYPES = ['text', 'longText', 'number', 'money', 'date', 'boolean', 'singleSelect', 'multiSelect'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const isSelectType = (type: CustomFieldType): boolean => type === 'singleSelect' || type === 'multiSelect';

/** A field key: lower camelCase or snake_case, starting with a letter; stable (never renamed) and unique per entity type. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-zA-Z0-9_]{0,39}$/;
/** An option code: a lower-case slug like the dictionary's codes. */
export const CUSTOM_OPTION_CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Definitions per entity type: bounds what every write of that type reads (one small Query page). */
export const MAX_FIELDS_PER_ENTITY_TYPE = 50;
export const MAX_OPTIONS = 100;
export const TEXT_MAX_LENGTH = 255;
export const LONG_TEXT_MAX_LENGTH = 10_000;
/** At most this many custom values in one request body. */
export const MAX_VALUES_PER_REQUEST = MAX_FIELDS_PER_ENTITY_TYPE;

export interface CustomFieldOption {
  /** Stable: stored in records, never removed (deactivate it instead). */
  readonly code: string;
  readonly label: string;
  /** An inactive option stays valid in the records that carry it; new input may not choose it. */
  readonly active: boolean;
}

export interface CustomFieldDefinition {
  readonly id: string;
  readonly entityType: CustomFieldEntityType;
  /** Immutable. */
  readonly key: string;
  readonly label: string;
  /** Immutable. */
  readonly type: CustomFieldType;
  /** Checked on create for active fields; a required value cannot be cleared. */
  readonly required: boolean;
  /** Select types only, in display order. */
  readonly options?: readonly CustomFieldOption[];
  /** An inactive field keeps its stored values (still returned) but takes no new value. */
  readonly active: boolean;
  /** Display order in forms (ascending, then key). */
  readonly order: number;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

/** Money as everywhere in the API (shared/core/schema-primitives.ts): integer minor units and an ISO 4217 code. */
export interface CustomMoney {
  readonly amount: number;
  readonly currency: string;
}

/** text/longText/date/singleSelect: string; number: number; boolean; money; multiSelect: option codes. */
export type CustomValue = string | number | boolean | CustomMoney | string[];
export type CustomValues = Record<string, CustomValue>;
/** What a PATCH sends: a value sets the field, `null` clears it, an absent key leaves it alone. */
export type CustomValuesPatch = Readonly<Record<string, CustomValue | null>>;

/** A customer-list filter on a select field (`?custom.<key>=<code>`): a single select equals it, a multi select contains it. */
export interface CustomFieldFilter {
  readonly key: string;
  readonly code: string;
  readonly match: 'equals' | 'contains';
}

export const byDisplayOrder = (a: CustomFieldDefinition, b: CustomFieldDefinition): number =>
  a.order - b.order || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** Where the validation reads an entity type's current definitions (DynamoDB in functions, fakes in unit tests). */
export interface CustomFieldSource {
  definitionsOf(entityType: CustomFieldEntityType): Promise<CustomFieldDefinition[]>;
}
