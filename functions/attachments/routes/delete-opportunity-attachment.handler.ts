import { deleteAttachmentHandlerOf } from '#functions/attachments/delete-attachment.handler';

/** `deleteOpportunityAttachment` (shared/routes.ts): the delete route of attachments on a opportunity record. */
export const deleteOpportunityAttachmentHandler = deleteAttachmentHandlerOf('opportunity');
