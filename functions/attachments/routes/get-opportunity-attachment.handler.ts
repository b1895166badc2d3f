import { getAttachmentHandlerOf } from '#functions/attachments/get-attachment.handler';

/** `getOpportunityAttachment` (shared/routes.ts): the get route of attachments on a opportunity record. */
export const getOpportunityAttachmentHandler = getAttachmentHandlerOf('opportunity');
