import { createAttachmentHandlerOf } from '#functions/attachments/create-attachment.handler';

/** `createServiceAttachment` (shared/routes.ts): the create route of attachments on a service record. */
export const createServiceAttachmentHandler = createAttachmentHandlerOf('service');
