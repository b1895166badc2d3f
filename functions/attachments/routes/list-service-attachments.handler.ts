import { listAttachmentsHandlerOf } from '#functions/attachments/list-attachments.handler';

/** `listServiceAttachments` (shared/routes.ts): the list route of attachments on a service record. */
export const listServiceAttachmentsHandler = listAttachmentsHandlerOf('service');
