import { listAttachmentsHandlerOf } from '#functions/attachments/list-attachments.handler';

/** `listOpportunityAttachments` (shared/routes.ts): the list route of attachments on a opportunity record. */
export const listOpportunityAttachmentsHandler = listAttachmentsHandlerOf('opportunity');
