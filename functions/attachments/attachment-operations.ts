import type { OperationId } from '#shared/routes';
import type { AttachmentParentType } from './attachment.rules';

/** The routes of each parent (shared/routes.ts) and the path parameter that names the record. */
export const ATTACHMENT_OPERATIONS = {
  customer: { param: 'customerId', create: 'createCustomerAttachment', list: 'listCustomerAttachments', get: 'getCustomerAttachment', remove: 'deleteCustomerAttachment' },
  opportunity: { param: 'opportunityId', create: 'createOpportunityAttachment', list: 'listOpportunityAttachments', get: 'getOpportunityAttachment', remove: 'deleteOpportunityAttachment' },
  order: { param: 'orderId', create: 'createOrderAttachment', list: 'listOrderAttachments', get: 'getOrderAttachment', remove: 'deleteOrderAttachment' },
  service: { param: 'serviceId', create: 'createServiceAttachment', list: 'listServiceAttachments', get: 'getServiceAttachment', remove: 'deleteServiceAttachment' },
} as const satisfies Record<AttachmentParentType, { param: string; create: OperationId; list: OperationId; get: OperationId; remove: OperationId }>;

/** The collection path of a parent's attachments: `/v1/<records>/{<param>}/attachments`. */
export const ATTACHMENT_COLLECTIONS: Record<AttachmentParentType, string> = {
  customer: 'customers',
  opportunity: 'opportunities',
  order: 'orders',
  service: 'services',
};

export const parentIdOf = (type: AttachmentParentType, params: Record<string, string>): string => params[ATTACHMENT_OPERATIONS[type].param]!;
