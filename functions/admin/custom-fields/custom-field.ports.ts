import type { Clock, IdGenerator } from '#shared/core/clock';
import type { AuditEvent } from '#shared/audit/audit';
import type { CustomFieldDefinition, CustomFieldEntityType } from '#shared/custom-fields/custom-field';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';

/** The domain side of the custom-field administration: what its use cases need from storage, free of AWS types. */
export type CreateFieldOutcome = { kind: 'created'; field: CustomFieldDefinition } | { kind: 'replayed'; field: CustomFieldDefinition };

export interface CustomFieldRepository {
  /** The entity type's definitions in display order (one consistent Query). */
  list(entityType: CustomFieldEntityType): Promise<CustomFieldDefinition[]>;
  /** By id (the id pointer, then the definition). */
  get(id: string): Promise<CustomFieldDefinition | undefined>;
  /**
   * The definition, its id pointer, the idempotency record and the audit entry in one transaction; refused when
   * the key is taken for the entity type (CustomFieldKeyTaken, 409) or replayed (same Idempotency-Key).
   */
  /**
   * `countRead`: how many definitions the type had when the use case read them — the count the limit's counter
   * starts from when it does not exist yet (definitions written before it); refused at the limit → LimitReached.
   */
  create(field: CustomFieldDefinition, audit: AuditEvent, countRead: number, idempotency?: IdempotencyClaim): Promise<CreateFieldOutcome>;
  /** Stores `next` if the stored version is still `expectedVersion` (VersionConflict 412 otherwise), with the audit entry. */
  update(next: CustomFieldDefinition, expectedVersion: number, audit: AuditEvent): Promise<void>;
}

export interface CustomFieldDependencies {
  readonly fields: CustomFieldRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
