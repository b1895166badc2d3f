import { attachmentIdOfKey } from '#shared/files/file-keys';
import type { AttachmentDependencies } from './attachments.dependencies';
import { rejectionOf, SNIFF_BYTES } from './attachment.rules';

/** Who settles an upload in the audit trail. */
export const SETTLE_ACTOR = 'system:attachment-check';

export type SettleOutcome = 'available' | 'rejected' | 'ignored';

/**
 * The check after an upload (the files bucket's object-created event under `attachments/`): the presigned PUT already
 * signed the type and size; this checks the object itself, because a signature only binds headers, not bytes.
 *
 * Primary course: the object's attachment is pending; the object has the declared size (≤ 25 MiB) and its first bytes
 * are the declared type's (magic bytes; text has no binary bytes) → `available`, audited.
 * Alternates: another size, over 25 MiB, or other bytes (an .exe renamed .pdf) → `rejected` with the reason, audited,
 * then the object is deleted. An event for a key that is not an attachment, an unknown attachment, or one settled
 * already (a repeated delivery) → nothing changes; a repeated delivery for a rejected one deletes the object again.
 */
export const settleAttachmentUpload = async (
  deps: Pick<AttachmentDependencies, 'attachments' | 'files' | 'clock'>,
  objectKey: string,
): Promise<SettleOutcome> => {
  const attachmentId = attachmentIdOfKey(objectKey);
  const attachment = attachmentId ? await deps.attachments.get(attachmentId) : undefined;
  if (!attachment) return 'ignored';
  if (attachment.status === 'rejected') {
    await deps.files.delete(attachment.fileKey);
    return 'ignored';
  }
  if (attachment.status !== 'pending') return 'ignored';
  const stored = await deps.files.head(attachment.fileKey);
  if (!stored) return 'ignored';
  const start = stored.size > 0 ? await deps.files.readStart(attachment.fileKey, SNIFF_BYTES) : new Uint8Array();
  const rejection = rejectionOf(attachment, { size: stored.size, start });
  const status = rejection ? 'rejected' : 'available';
  const at = deps.clock.now().toISOString();
  const settled = await deps.attachments.settle(attachment, { status, ...(rejection ? { rejection } : {}) }, at, {
    at,
    actor: SETTLE_ACTOR,
    action: 'transition',
    entityType: 'attachment',
    entityId: attachment.id,
    customerId: attachment.customerId,
    entityVersion: attachment.version + 1,
    changes: changesOf(status, rejection),
  });
  if (rejection) await deps.files.delete(attachment.fileKey);
  return settled ? status : 'ignored';
};

const changesOf = (status: 'available' | 'rejected', rejection: string | undefined) => [
  { field: 'status', old: 'pending', new: status },
  ...(rejection ? [{ field: 'rejection', new: rejection }] : []),
];
