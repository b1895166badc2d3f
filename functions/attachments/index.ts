import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the attachments function: files on customers, opportunities, orders and service requests (presigned
 * upload and download, list, soft delete). The check after an upload is another function,
 * functions/attachments/attachment-check.handler.ts.
 */
export const handler = createFeatureHandler('attachments', {
  createCustomerAttachment: async () => (await import('#functions/attachments/routes/create-customer-attachment.handler')).createCustomerAttachmentHandler,
  createOpportunityAttachment: async () => (await import('#functions/attachments/routes/create-opportunity-attachment.handler')).createOpportunityAttachmentHandler,
  createOrderAttachment: async () => (await import('#functions/attachments/routes/create-order-attachment.handler')).createOrderAttachmentHandler,
  createServiceAttachment: async () => (await import('#functions/attachments/routes/create-service-attachment.handler')).createServiceAttachmentHandler,
  listCustomerAttachments: async () => (await import('#functions/attachments/routes/list-customer-attachments.handler')).listCustomerAttachmentsHandler,
  listOpportunityAttachments: async () => (await import('#functions/attachments/routes/list-opportunity-attachments.handler')).listOpportunityAttachmentsHandler,
  listOrderAttachments: async () => (await import('#functions/attachments/routes/list-order-attachments.handler')).listOrderAttachmentsHandler,
  listServiceAttachments: async () => (await import('#functions/attachments/routes/list-service-attachments.handler')).listServiceAttachmentsHandler,
  getCustomerAttachment: async () => (await import('#functions/attachments/routes/get-customer-attachment.handler')).getCustomerAttachmentHandler,
  getOpportunityAttachment: async () => (await import('#functions/attachments/routes/get-opportunity-attachment.handler')).getOpportunityAttachmentHandler,
  getOrderAttachment: async () => (await import('#functions/attachments/routes/get-order-attachment.handler')).getOrderAttachmentHandler,
  getServiceAttachment: async () => (await import('#functions/attachments/routes/get-service-attachment.handler')).getServiceAttachmentHandler,
  deleteCustomerAttachment: async () => (await import('#functions/attachments/routes/delete-customer-attachment.handler')).deleteCustomerAttachmentHandler,
  deleteOpportunityAttachment: async () => (await import('#functions/attachments/routes/delete-opportunity-attachment.handler')).deleteOpportunityAttachmentHandler,
  deleteOrderAttachment: async () => (await import('#functions/attachments/routes/delete-order-attachment.handler')).deleteOrderAttachmentHandler,
  deleteServiceAttachment: async () => (await import('#functions/attachments/routes/delete-service-attachment.handler')).deleteServiceAttachmentHandler,
});
