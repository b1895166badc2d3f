import type { Caller } from '#shared/auth/caller';
import { attachmentOf, visibleParent } from './attachment-access';
import type { AttachmentParentType } from './attachment.rules';
import type { AttachmentView } from './attachment.schema';
import { attachmentView } from './attachment.view';
import type { AttachmentDependencies } from './attachments.dependencies';

/**
 * One attachment, and once it is available a presigned GET (15 minutes) that saves it under its safe name
 * (Content-Disposition: attachment, RFC 6266/5987) with its checked type — signed on each read.
 *
 * Primary course: the record is visible to the caller; the attachment is one of the record's, not deleted.
 * Alternates: the record not visible → its 404; the attachment unknown, deleted or another record's → 404. A pending
 * or rejected one is shown without a link.
 */
export const getAttachment = async (
  deps: Pick<AttachmentDependencies, 'attachments' | 'parents' | 'files' | 'clock'>,
  request: { caller: Caller; parentType: AttachmentParentType; parentId: string; attachmentId: string },
): Promise<AttachmentView> => {
  const [parent, found] = await Promise.all([
    visibleParent(deps.parents, request.caller, request.parentType, request.parentId),
    deps.attachments.get(request.attachmentId),
  ]);
  const attachment = attachmentOf(parent, request.attachmentId, found);
  const view = attachmentView(attachment);
  if (attachment.status !== 'available') return view;
  return { ...view, download: await deps.files.presignDownload(attachment.fileKey, attachment.fileName, deps.clock.now(), attachment.contentType) };
};
