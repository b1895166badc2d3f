import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { CustomFieldDefinition, CustomFieldEntityType } from './custom-field';
import { customFieldKeys } from './custom-field.keys';

/** A custom-field definition (`pk = CUSTOM_FIELDS#<entityType>`, `sk = FIELD#<key>`), declared once. */
export const customFieldEntity = defineEntity<CustomFieldDefinition>({
  name: 'CustomField',
  fields: fieldsOf<CustomFieldDefinition>()(
    'id', 'entityType', 'key', 'label', 'type', 'required', 'options', 'active', 'order',
    'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (definition) => customFieldKeys.definition(definition.entityType, definition.key),
});

/** Where a definition lives, by its id (`pk = CUSTOM_FIELD#<id>`): what `PATCH /v1/custom-fields/{id}` reads first. */
export interface CustomFieldPointer {
  readonly id: string;
  readonly entityType: CustomFieldEntityType;
  readonly key: string;
}

export const customFieldPointerEntity = defineEntity<CustomFieldPointer>({
  name: 'CustomFieldId',
  fields: fieldsOf<CustomFieldPointer>()('id', 'entityType', 'key'),
  keyOf: (pointer) => customFieldKeys.byId(pointer.id),
});
