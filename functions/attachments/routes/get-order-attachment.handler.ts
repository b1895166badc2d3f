import { getAttachmentHandlerOf } from '#functions/attachments/get-attachment.handler';

/** `getOrderAttachment` (shared/routes.ts): the get route of attachments on a order record. */
export const getOrderAttachmentHandler = getAttachmentHandlerOf('order');
