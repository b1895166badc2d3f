import { defineEntity, fieldsOf } from '#shared/db/entity';
import { serviceKeys } from '#shared/keys/service.keys';
import type { Service } from './service.schema';

/**
 * The service request (`pk = SERVICE#<id>`, `sk = SERVICE`), declared once; rewritten whole by every move, so its
 * index attributes always follow its state. docs/data-model.md, "Service requests", explains keys and indexes.
 */
export const SERVICE_FIELDS = fieldsOf<Service>()(
  'id', 'type', 'title', 'customerId', 'customerName', 'request', 'channel', 'status', 'assigneeId', 'assigneeName', 'assignedAt',
  'assignedBy', 'handling', 'handledAt', 'handledBy', 'feedback', 'satisfaction', 'feedbackAt', 'feedbackBy', 'closedAt',
  'reopenCount', 'custom', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const serviceEntity = defineEntity<Service>({
  name: 'ServiceRequest',
  fields: SERVICE_FIELDS,
  keyOf: (service) => serviceKeys.item(service.id),
  // Every index sorts by `<createdAt>#<id>`; the assignee index holds only requests that have an assignee.
  indexesOf: (service) => {
    const sk = serviceKeys.sortKey(service.createdAt, service.id);
    const { byAssignee, byCreation, byCustomer, byType, byStatus } = serviceKeys;
    return {
      [byAssignee.pkAttribute]: service.assigneeId ? byAssignee.pk(service.assigneeId) : undefined,
      [byAssignee.skAttribute]: service.assigneeId ? sk : undefined,
      [byCreation.pkAttribute]: byCreation.pk(),
      [byCreation.skAttribute]: sk,
      [byCustomer.pkAttribute]: byCustomer.pk(service.customerId),
      [byCustomer.skAttribute]: sk,
      [byType.pkAttribute]: byType.pk(service.type),
      [byType.skAttribute]: sk,
      [byStatus.pkAttribute]: byStatus.pk(service.status),
      [byStatus.skAttribute]: sk,
    };
  },
});
