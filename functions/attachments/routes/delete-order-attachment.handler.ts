import { deleteAttachmentHandlerOf } from '#functions/attachments/delete-attachment.handler';

/** `deleteOrderAttachment` (shared/routes.ts): the delete route of attachments on a order record. */
export const deleteOrderAttachmentHandler = deleteAttachmentHandlerOf('order');
