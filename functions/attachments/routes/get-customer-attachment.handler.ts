import { getAttachmentHandlerOf } from '#functions/attachments/get-attachment.handler';

/** `getCustomerAttachment` (shared/routes.ts): the get route of attachments on a customer record. */
export const getCustomerAttachmentHandler = getAttachmentHandlerOf('customer');
