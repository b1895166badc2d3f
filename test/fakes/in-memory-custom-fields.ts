import type { CreateFieldOutcome, CustomFieldRepository } from '#functions/admin/custom-fields/custom-field.ports';
import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { byDisplayOrder, type CustomFieldDefinition, type CustomFieldEntityType, type CustomFieldSource } from '#shared/custom-fields/custom-field';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';

/**
 * Custom-field definitions in memory, with the DynamoDB store's conditions: a key is unique per entity type, an
 * update needs the stored version, the same idempotency key replays (another request with it: 422). Also the
 * validation's source (`definitionsOf`).
 */
export class InMemoryCustomFields implements CustomFieldRepository, CustomFieldSource {
  readonly fields = new Map<string, CustomFieldDefinition>();
  readonly audit: AuditEvent[] = [];
  private readonly claims = new Map<string, { fingerprint: string; field: CustomFieldDefinition }>();

  async list(entityType: CustomFieldEntityType): Promise<CustomFieldDefinition[]> {
    return [...this.fields.values()].filter((field) => field.entityType === entityType).sort(byDisplayOrder).map((field) => structuredClone(field));
  }

  definitionsOf(entityType: CustomFieldEntityType): Promise<CustomFieldDefinition[]> {
    return this.list(entityType);
  }

  async get(id: string): Promise<CustomFieldDefinition | undefined> {
    const field = this.fields.get(id);
    return field && structuredClone(field);
  }

  async create(field: CustomFieldDefinition, audit: AuditEvent, _countRead: number, idempotency?: IdempotencyClaim): Promise<CreateFieldOutcome> {
    const claimKey = idempotency && `${idempotency.username}#${idempotency.operationId}#${idempotency.key}`;
    const claimed = claimKey ? this.claims.get(claimKey) : undefined;
    if (claimed) {
      if (claimed.fingerprint !== idempotency!.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      return { kind: 'replayed', field: structuredClone(claimed.field) };
    }
    if ([...this.fields.values()].some((stored) => stored.entityType === field.entityType && stored.key === field.key)) {
      throw new DomainError(ErrorCode.CustomFieldKeyTaken, 'taken');
    }
    this.fields.set(field.id, structuredClone(field));
    if (claimKey) this.claims.set(claimKey, { fingerprint: idempotency!.fingerprint, field: structuredClone(field) });
    this.audit.push(audit);
    return { kind: 'created', field };
  }

  async update(next: CustomFieldDefinition, expectedVersion: number, audit: AuditEvent): Promise<void> {
    if (this.fields.get(next.id)?.version !== expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    this.fields.set(next.id, structuredClone(next));
    this.audit.push(audit);
  }
}
