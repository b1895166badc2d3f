import { deleteAttachmentHandlerOf } from '#functions/attachments/delete-attachment.handler';

/** `deleteCustomerAttachment` (shared/routes.ts): the delete route of attachments on a customer record. */
export const deleteCustomerAttachmentHandler = deleteAttachmentHandlerOf('customer');
