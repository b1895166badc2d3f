import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { Attachment, AttachmentPage, AttachmentRepository, ParentReader } from '#functions/attachments/attachment.ports';
import type { AttachmentParentType, ParentRecord } from '#functions/attachments/attachment.rules';

/** Attachments in memory, with the same conditions as the DynamoDB repository (version, pending, replay). */
export class InMemoryAttachmentRepository implements AttachmentRepository {
  readonly items = new Map<string, Attachment>();
  readonly audit: AuditEvent[] = [];
  private readonly claims = new Map<string, { fingerprint: string; attachment: Attachment }>();

  async create(attachment: Attachment, idempotency: IdempotencyClaim | undefined, audit: AuditEvent) {
    if (idempotency) {
      const key = `${idempotency.username}#${idempotency.operationId}#${idempotency.key}`;
      const first = this.claims.get(key);
      if (first) {
        if (first.fingerprint !== idempotency.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
        return { kind: 'replayed' as const, attachment: first.attachment };
      }
      this.claims.set(key, { fingerprint: idempotency.fingerprint, attachment });
    }
    this.items.set(attachment.id, attachment);
    this.audit.push(audit);
    return { kind: 'created' as const, attachment };
  }

  async get(attachmentId: string) {
    return this.items.get(attachmentId);
  }

  private live(filter: (attachment: Attachment) => boolean): Attachment[] {
    return [...this.items.values()].filter((a) => a.deletedAt === undefined && filter(a)).sort((a, b) => (a.createdAt + a.id < b.createdAt + b.id ? 1 : -1));
  }

  async listOfParent(type: AttachmentParentType, parentId: string, page: { limit: number }): Promise<AttachmentPage> {
    return { items: this.live((a) => a.parentType === type && a.parentId === parentId).slice(0, page.limit) };
  }

  async listUnderCustomer(customerId: string, limit: number) {
    return this.live((a) => a.customerId === customerId).slice(0, limit);
  }

  async softDelete(attachment: Attachment, expectedVersion: number, at: string, by: string, audit: AuditEvent) {
    const current = this.items.get(attachment.id);
    if (!current || current.deletedAt) throw new DomainError(ErrorCode.AttachmentNotFound, 'gone');
    if (current.version !== expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    this.items.set(attachment.id, { ...current, deletedAt: at, deletedBy: by, updatedAt: at, updatedBy: by, version: current.version + 1 });
    this.audit.push(audit);
  }

  async settle(attachment: Attachment, outcome: { status: 'available' | 'rejected'; rejection?: string }, at: string, audit: AuditEvent) {
    const current = this.items.get(attachment.id);
    if (!current || current.status !== 'pending') return false;
    this.items.set(attachment.id, { ...current, ...outcome, updatedAt: at, updatedBy: audit.actor, version: current.version + 1 });
    this.audit.push(audit);
    return true;
  }
}

/** Records and customers the attachments hang on, arranged by the test. */
export class InMemoryParentReader implements ParentReader {
  readonly parents = new Map<string, ParentRecord>();
  readonly customers = new Map<string, CustomerHead>();

  addCustomer(id: string, ownerId: string, deletedAt?: string): void {
    this.customers.set(id, { id, ownerId, ...(deletedAt ? { deletedAt } : {}) });
    this.parents.set(`customer#${id}`, { type: 'customer', id, customerId: id, archived: deletedAt !== undefined });
  }

  add(parent: ParentRecord): void {
    this.parents.set(`${parent.type}#${parent.id}`, parent);
  }

  async find(type: AttachmentParentType, parentId: string) {
    return this.parents.get(`${type}#${parentId}`);
  }

  async customer(customerId: string) {
    return this.customers.get(customerId);
  }
}
