import type { Caller } from '#shared/auth/caller';
import type { Attachment, ParentReader } from './attachment.ports';
import { attachmentNotFound, parentNotFound, parentVisibleTo, type AttachmentParentType, type ParentRecord } from './attachment.rules';

/** The parent a route names: there, not archived, and visible to the caller by its module's rule — else its own 404. */
export const visibleParent = async (parents: ParentReader, caller: Caller, type: AttachmentParentType, parentId: string): Promise<ParentRecord> => {
  const parent = await parents.find(type, parentId);
  const customerId = parent?.customerId;
  const visible = await parentVisibleTo(caller, parent, async () => (customerId ? parents.customer(customerId) : undefined));
  if (!visible || !parent) throw parentNotFound(type, parentId);
  return parent;
};

/** An attachment of exactly that parent, not deleted — else 404 (an id from another record is not found here). */
export const attachmentOf = (parent: ParentRecord, attachmentId: string, attachment: Attachment | undefined): Attachment => {
  if (!attachment || attachment.deletedAt !== undefined || attachment.parentType !== parent.type || attachment.parentId !== parent.id) {
    throw attachmentNotFound(attachmentId);
  }
  return attachment;
};
