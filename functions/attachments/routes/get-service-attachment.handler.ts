import { getAttachmentHandlerOf } from '#functions/attachments/get-attachment.handler';

/** `getServiceAttachment` (shared/routes.ts): the get route of attachments on a service record. */
export const getServiceAttachmentHandler = getAttachmentHandlerOf('service');
