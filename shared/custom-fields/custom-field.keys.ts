import type { CustomFieldEntityType } from './custom-field';

/**
 * Keys of the custom-field definitions (docs/data-model.md, "Custom fields"). One small partition per entity type
 * holds its definitions, keyed by the field key (so the key is unique per entity type by `attribute_not_exists`),
 * and every write of that type reads it with one Query. The id pointer finds a definition by its id (PATCH).
 */
export const customFieldKeys = {
  partition: (entityType: CustomFieldEntityType) => `CUSTOM_FIELDS#${entityType}`,
  definition: (entityType: CustomFieldEntityType, key: string) => ({ pk: `CUSTOM_FIELDS#${entityType}`, sk: `FIELD#${key}` }),
  definitionPrefix: 'FIELD#',
  /**
   * The type's definition count (`fieldCount`), beside its definitions (not under `FIELD#`, so the list's Query
   * never reads it): every create increments it in its transaction, conditional on the limit, so two racing
   * creates cannot both take the last place.
   */
  count: (entityType: CustomFieldEntityType) => ({ pk: `CUSTOM_FIELDS#${entityType}`, sk: 'COUNT' }),
  /** id → (entityType, key): written in the definition's create transaction, never changed (both are immutable). */
  byId: (id: string) => ({ pk: `CUSTOM_FIELD#${id}`, sk: 'CUSTOM_FIELD' }),
} as const;
