import type { PageKey } from '#shared/http/cursor';
import type { AuditEvent } from '#shared/audit/audit';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { AttachmentContentType, AttachmentParentType, AttachmentStatus, ParentRecord } from './attachment.rules';

/** An attachment as stored (functions/attachments/attachment.entity.ts; docs/data-model.md, "Attachments"). */
export interface Attachment {
  readonly id: string;
  readonly parentType: AttachmentParentType;
  readonly parentId: string;
  readonly customerId?: string | undefined;
  /** The safe name (attachment.rules.ts, safeFileName): the name the download is saved under. */
  readonly fileName: string;
  readonly contentType: AttachmentContentType;
  /** Declared at the presign and signed into the upload; the check compares the object's size with it. */
  readonly size: number;
  readonly status: AttachmentStatus;
  readonly rejection?: string | undefined;
  /** `attachments/<id>` (shared/files/file-keys.ts). */
  readonly fileKey: string;
  readonly deletedAt?: string | undefined;
  readonly deletedBy?: string | undefined;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface AttachmentPage {
  readonly items: readonly Attachment[];
  readonly lastKey?: PageKey | undefined;
}

export interface AttachmentRepository {
  /** Records the attachment (+ the idempotency record + the audit entry) in one transaction; a replay answers the first. */
  create(attachment: Attachment, idempotency: IdempotencyClaim | undefined, audit: AuditEvent): Promise<{ kind: 'created' | 'replayed'; attachment: Attachment }>;
  get(attachmentId: string): Promise<Attachment | undefined>;
  /** The live attachments of one record, newest first. */
  listOfParent(type: AttachmentParentType, parentId: string, page: { limit: number; startKey?: PageKey | undefined }): Promise<AttachmentPage>;
  /** The newest live attachments under a customer, whatever record they are on (the 360 view). */
  listUnderCustomer(customerId: string, limit: number): Promise<readonly Attachment[]>;
  /** Soft delete conditional on the version read (412 otherwise), with its audit entry. */
  softDelete(attachment: Attachment, expectedVersion: number, at: string, by: string, audit: AuditEvent): Promise<void>;
  /** pending → available | rejected, conditional on still being pending (a second delivery of the event is a no-op). */
  settle(attachment: Attachment, outcome: { status: 'available' | 'rejected'; rejection?: string }, at: string, audit: AuditEvent): Promise<boolean>;
}

/** The records attachments hang on, read from their own items (entity modules of their features). */
export interface ParentReader {
  find(type: AttachmentParentType, parentId: string): Promise<ParentRecord | undefined>;
  customer(customerId: string): Promise<CustomerHead | undefined>;
}
