import { createAttachmentHandlerOf } from '#functions/attachments/create-attachment.handler';

/** `createOpportunityAttachment` (shared/routes.ts): the create route of attachments on a opportunity record. */
export const createOpportunityAttachmentHandler = createAttachmentHandlerOf('opportunity');
