import { listAttachmentsHandlerOf } from '#functions/attachments/list-attachments.handler';

/** `listOrderAttachments` (shared/routes.ts): the list route of attachments on a order record. */
export const listOrderAttachmentsHandler = listAttachmentsHandlerOf('order');
