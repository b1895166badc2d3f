import type { Caller } from '#shared/auth/caller';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import type { CustomFieldDependencies } from './custom-field.ports';
import { auditViewOf, invalid, optionErrors, removedOptionErrors } from './custom-field.rules';
import type { UpdateCustomFieldInput } from './custom-field.schema';

/**
 * Change a custom field's definition (administrators): label, required, options, active, order. Its key and type
 * never change (the stored values depend on them; the schema refuses both).
 *
 * Primary course:
 * 1. Read the definition by id; its version must be the one the caller read (If-Match).
 * 2. New options: only for select fields; every existing code stays (relabel, reorder, add, deactivate), at least
 *    one active.
 * 3. The definition (version + 1) and the audit entry are written in one transaction, conditional on the version.
 *
 * Effects on records: deactivating a field keeps its stored values (still returned) and refuses new ones; a field
 * made required is checked on the next create, never on records already stored.
 *
 * Alternates: unknown id → CustomFieldNotFound (404); another version → VersionConflict (412); a removed option
 * code or options on a non-select field → ValidationFailed (400); nothing is written in any of them.
 */
export const updateCustomField = async (
  deps: CustomFieldDependencies,
  request: { caller: Caller; id: string; changes: UpdateCustomFieldInput; expectedVersion: number },
): Promise<CustomFieldDefinition> => {
  const { caller, changes, expectedVersion } = request;
  const current = await deps.fields.get(request.id);
  if (!current) throw new DomainError(ErrorCode.CustomFieldNotFound, `Custom field ${request.id} not found.`);
  if (current.version !== expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Custom field ${current.key} has changed since you read it (now version ${current.version}); read it again.`);
  }
  if (changes.options) {
    const errors = [...optionErrors(current.type, changes.options), ...removedOptionErrors(current, changes.options)];
    if (errors.length > 0) throw invalid(errors);
  }
  const at = deps.clock.now().toISOString();
  const next: CustomFieldDefinition = {
    ...current,
    ...(changes.label !== undefined ? { label: changes.label } : {}),
    ...(changes.required !== undefined ? { required: changes.required } : {}),
    ...(changes.options ? { options: changes.options.map(({ code, label, active }) => ({ code, label, active })) } : {}),
    ...(changes.active !== undefined ? { active: changes.active } : {}),
    ...(changes.order !== undefined ? { order: changes.order } : {}),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.fields.update(next, expectedVersion, {
    at,
    actor: caller.username,
    action: 'update',
    entityType: 'custom-field',
    entityId: current.id,
    entityVersion: next.version,
    changes: changesBetween(auditViewOf(current), auditViewOf(next)),
  });
  return next;
};
