import { createAttachmentHandlerOf } from '#functions/attachments/create-attachment.handler';

/** `createCustomerAttachment` (shared/routes.ts): the create route of attachments on a customer record. */
export const createCustomerAttachmentHandler = createAttachmentHandlerOf('customer');
