import { createAttachmentHandlerOf } from '#functions/attachments/create-attachment.handler';

/** `createOrderAttachment` (shared/routes.ts): the create route of attachments on a order record. */
export const createOrderAttachmentHandler = createAttachmentHandlerOf('order');
