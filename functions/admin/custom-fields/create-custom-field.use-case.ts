import type { Caller } from '#shared/auth/caller';
import { changesBetween } from '#shared/audit/audit';
import { MAX_FIELDS_PER_ENTITY_TYPE, type CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { CreateFieldOutcome, CustomFieldDependencies } from './custom-field.ports';
import { auditViewOf, fieldLimitReached, invalid, optionErrors } from './custom-field.rules';
import type { CreateCustomFieldInput } from './custom-field.schema';

/**
 * Define a custom field (administrators).
 *
 * Primary course:
 * 1. Select types (single / multi select) come with options, at least one active; other types have none.
 * 2. The entity type has fewer than 50 fields (MAX_FIELDS_PER_ENTITY_TYPE: every write of the type reads them all).
 * 3. The definition (version 1), its id pointer, the type's count (+1), the idempotency record and the audit entry
 *    are written in one transaction, on condition that the key is new for the entity type and the count is below
 *    the limit (so two racing creates cannot both take the 50th place).
 *
 * Alternates: options missing or misplaced, or the limit reached → ValidationFailed (400, nothing written); the key
 * already defined for the entity type → CustomFieldKeyTaken (409); the same Idempotency-Key and request replays the
 * first answer, another request → IdempotencyKeyReused (422).
 */
export const createCustomField = async (
  deps: CustomFieldDependencies,
  request: { caller: Caller; input: CreateCustomFieldInput; idempotency?: IdempotencyRequest },
): Promise<CreateFieldOutcome> => {
  const { caller, input } = request;
  const errors = optionErrors(input.type, input.options);
  if (errors.length > 0) throw invalid(errors);
  const existing = await deps.fields.list(input.entityType);
  // A replay of an accepted create must not be refused by the limit it brought the type to.
  if (existing.length >= MAX_FIELDS_PER_ENTITY_TYPE && !existing.some((field) => field.key === input.key)) {
    throw fieldLimitReached(input.entityType);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const field: CustomFieldDefinition = {
    id: deps.ids.next(),
    entityType: input.entityType,
    key: input.key,
    label: input.label,
    type: input.type,
    required: input.required,
    ...(input.options ? { options: input.options.map(({ code, label, active }) => ({ code, label, active })) } : {}),
    active: input.active,
    order: input.order,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const idempotency = claimOf(request.idempotency, now);
  return deps.fields.create(
    field,
    {
      at,
      actor: caller.username,
      action: 'create',
      entityType: 'custom-field',
      entityId: field.id,
      entityVersion: 1,
      changes: changesBetween(undefined, auditViewOf(field)),
    },
    existing.length,
    idempotency,
  );
};
