import { changesBetween } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { attachmentOf, visibleParent } from './attachment-access';
import type { AttachmentParentType } from './attachment.rules';
import type { AttachmentDependencies } from './attachments.dependencies';

/**
 * Delete an attachment (soft: the item stays, marked deleted, and its file stays in the bucket — restorable).
 *
 * Primary course: the record is visible to the caller; the attachment is the record's and at the If-Match version →
 * it leaves the lists (its index sort keys move to `DELETED#`), with its audit entry, in one transaction.
 * Alternates: not visible / unknown / already deleted → 404; a stale If-Match → 412 (also when a concurrent change
 * wins between the read and the write: the write is conditional on the version read).
 */
export const deleteAttachment = async (
  deps: Pick<AttachmentDependencies, 'attachments' | 'parents' | 'clock'>,
  request: { caller: Caller; parentType: AttachmentParentType; parentId: string; attachmentId: string; expectedVersion: number },
): Promise<void> => {
  const [parent, found] = await Promise.all([
    visibleParent(deps.parents, request.caller, request.parentType, request.parentId),
    deps.attachments.get(request.attachmentId),
  ]);
  const attachment = attachmentOf(parent, request.attachmentId, found);
  if (attachment.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Attachment ${attachment.id} has changed since you read it (now version ${attachment.version}); read it again.`);
  }
  const at = deps.clock.now().toISOString();
  await deps.attachments.softDelete(attachment, request.expectedVersion, at, request.caller.username, {
    at,
    actor: request.caller.username,
    action: 'delete',
    entityType: 'attachment',
    entityId: attachment.id,
    customerId: attachment.customerId,
    entityVersion: attachment.version + 1,
    changes: changesBetween({ fileName: attachment.fileName }, undefined),
  });
};
