import type { PageKey } from '#shared/http/cursor';
import type { Caller } from '#shared/auth/caller';
import { visibleParent } from './attachment-access';
import type { AttachmentParentType } from './attachment.rules';
import type { AttachmentView } from './attachment.schema';
import { attachmentView } from './attachment.view';
import type { AttachmentDependencies } from './attachments.dependencies';

/**
 * A record's attachments, newest first (pending, available and rejected ones; deleted ones are gone).
 *
 * Primary course: the record is visible to the caller (its module's rule) → one Query of its attachments (gsi1).
 * Alternates: the record missing, archived or not the caller's → the record's 404.
 */
export const listAttachments = async (
  deps: Pick<AttachmentDependencies, 'attachments' | 'parents'>,
  request: { caller: Caller; parentType: AttachmentParentType; parentId: string; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<{ items: AttachmentView[]; lastKey?: PageKey | undefined }> => {
  const parent = await visibleParent(deps.parents, request.caller, request.parentType, request.parentId);
  const page = await deps.attachments.listOfParent(parent.type, parent.id, request.page);
  return { items: page.items.map(attachmentView), lastKey: page.lastKey };
};
