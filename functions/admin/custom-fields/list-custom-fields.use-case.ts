import { CUSTOM_FIELD_ENTITY_TYPES, type CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import type { CustomFieldDependencies } from './custom-field.ports';
import type { ListCustomFieldsQuery } from './custom-field.schema';

/**
 * List the custom-field definitions (every staff role: clients render forms from them).
 *
 * Primary course: one consistent Query of the entity type's definitions, in display order (`order`, then key),
 * active and inactive alike (an inactive field's stored values are still shown). Without `entityType`: every
 * type, one Query each, in the order of CUSTOM_FIELD_ENTITY_TYPES.
 */
export const listCustomFields = async (deps: CustomFieldDependencies, request: { query: ListCustomFieldsQuery }): Promise<CustomFieldDefinition[]> => {
  const types = request.query.entityType ? [request.query.entityType] : CUSTOM_FIELD_ENTITY_TYPES;
  const lists = await Promise.all(types.map((type) => deps.fields.list(type)));
  return lists.flat();
};
