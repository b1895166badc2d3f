import type { Attachment } from './attachment.ports';
import type { AttachmentView } from './attachment.schema';

/** What the API shows of an attachment: not its storage key, not its deletion stamp (a deleted one is not shown). */
export const attachmentView = (attachment: Attachment): AttachmentView => {
  const { fileKey: _fileKey, deletedAt: _deletedAt, deletedBy: _deletedBy, customerId, rejection, ...shown } = attachment;
  return { ...shown, ...(customerId ? { customerId } : {}), ...(rejection ? { rejection } : {}) };
};
