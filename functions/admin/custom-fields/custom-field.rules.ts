import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { isSelectType, MAX_FIELDS_PER_ENTITY_TYPE, type CustomFieldDefinition, type CustomFieldOption, type CustomFieldType } from '#shared/custom-fields/custom-field';

export const invalid = (errors: FieldError[]): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors });

/** The entity type has its MAX_FIELDS_PER_ENTITY_TYPE definitions already: 400 naming `body.entityType`. */
export const fieldLimitReached = (entityType: string): DomainError =>
  invalid([{ path: 'body.entityType', message: `A ${entityType} has at most ${MAX_FIELDS_PER_ENTITY_TYPE} custom fields; deactivate or reuse one.` }]);

/** Options belong to select fields, and a select field has them. */
export const optionErrors = (type: CustomFieldType, options: readonly CustomFieldOption[] | undefined): FieldError[] => {
  if (isSelectType(type) && !options) return [{ path: 'body.options', message: `A ${type} field needs its options.` }];
  if (!isSelectType(type) && options) return [{ path: 'body.options', message: `A ${type} field has no options.` }];
  if (options && !options.some((option) => option.active)) return [{ path: 'body.options', message: 'At least one option must be active.' }];
  return [];
};

/** Option codes are stable: records store them, so a code once offered stays in the list (deactivate it instead). */
export const removedOptionErrors = (current: CustomFieldDefinition, options: readonly CustomFieldOption[]): FieldError[] => {
  const kept = new Set(options.map((option) => option.code));
  const removed = (current.options ?? []).map((option) => option.code).filter((code) => !kept.has(code));
  return removed.length > 0
    ? [{ path: 'body.options', message: `Option codes are stable: ${removed.map((code) => `\`${code}\``).join(', ')} cannot be removed (set active: false instead).` }]
    : [];
};

/** The definition as the audit trail shows it: options keyed by code, so a change reads per option. */
export const auditViewOf = (field: CustomFieldDefinition): Record<string, unknown> => {
  const { options, ...rest } = field;
  return {
    ...rest,
    ...(options ? { options: Object.fromEntries(options.map((option) => [option.code, { label: option.label, active: option.active }])) } : {}),
  };
};
