import { deleteAttachmentHandlerOf } from '#functions/attachments/delete-attachment.handler';

/** `deleteServiceAttachment` (shared/routes.ts): the delete route of attachments on a service record. */
export const deleteServiceAttachmentHandler = deleteAttachmentHandlerOf('service');
