import { changesBetween } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import { fileKeys } from '#shared/files/file-keys';
import type { PresignedUpload } from '#shared/files/file-store';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import { visibleParent } from './attachment-access';
import type { Attachment } from './attachment.ports';
import { assertExtensionFits, safeFileName, type AttachmentParentType } from './attachment.rules';
import type { AttachmentView, CreateAttachmentInput } from './attachment.schema';
import { attachmentView } from './attachment.view';
import type { AttachmentDependencies } from './attachments.dependencies';

/**
 * Attach a file to a customer, an opportunity, an order or a service request.
 *
 * Primary course: the file name is made safe (attachment.rules.ts, safeFileName) and its extension must fit the
 * declared type; the record is there and visible to the caller (its module's rule); the attachment is recorded as
 * `pending` with its audit entry in one transaction; the answer carries a presigned PUT (15 minutes) that signs the
 * declared Content-Type and Content-Length, so S3 refuses another type or size. The upload's object-created event
 * then runs `settleAttachmentUpload`, which checks the object again (size, magic bytes).
 *
 * Alternates: a name with nothing usable, a type off the allow-list, an extension of another type, a size over
 * 25 MiB → 400 naming the field, nothing written. A record that does not exist, is archived or is not the caller's
 * → the record's 404. The same Idempotency-Key and body → the same attachment and a fresh upload link.
 */
export const createAttachment = async (
  deps: Pick<AttachmentDependencies, 'attachments' | 'parents' | 'files' | 'clock' | 'ids'>,
  request: { caller: Caller; parentType: AttachmentParentType; parentId: string; input: CreateAttachmentInput; idempotency?: IdempotencyRequest },
): Promise<{ kind: 'created' | 'replayed'; attachment: AttachmentView; upload: PresignedUpload }> => {
  const { caller, input } = request;
  // The schema refused a name safeFileName cannot use: here it is always defined.
  const fileName = safeFileName(input.fileName) ?? input.fileName;
  assertExtensionFits(fileName, input.contentType);
  const parent = await visibleParent(deps.parents, caller, request.parentType, request.parentId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = deps.ids.next();
  const attachment: Attachment = {
    id,
    parentType: parent.type,
    parentId: parent.id,
    ...(parent.customerId ? { customerId: parent.customerId } : {}),
    fileName,
    contentType: input.contentType,
    size: input.size,
    status: 'pending',
    fileKey: fileKeys.attachmentFile(id),
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const outcome = await deps.attachments.create(attachment, claimOf(request.idempotency, now), {
    at,
    actor: caller.username,
    action: 'create',
    entityType: 'attachment',
    entityId: id,
    customerId: parent.customerId,
    entityVersion: 1,
    changes: changesBetween(undefined, { parentType: parent.type, parentId: parent.id, fileName, contentType: input.contentType, size: input.size }),
  });
  const stored = outcome.attachment;
  const upload = await deps.files.presignUpload(stored.fileKey, stored.contentType, now, stored.size);
  return { kind: outcome.kind, attachment: attachmentView(stored), upload };
};
