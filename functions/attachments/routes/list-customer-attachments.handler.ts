import { listAttachmentsHandlerOf } from '#functions/attachments/list-attachments.handler';

/** `listCustomerAttachments` (shared/routes.ts): the list route of attachments on a customer record. */
export const listCustomerAttachmentsHandler = listAttachmentsHandlerOf('customer');
