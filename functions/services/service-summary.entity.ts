import { defineEntity, fieldsOf } from '#shared/db/entity';
import { serviceKeys } from '#shared/keys/service.keys';
import type { Service } from './service.schema';

/**
 * A request's summary in its customer's item collection (`pk = CUSTOMER#<customerId>`, `sk = SERVICE#<id>`), for
 * the customer 360 view: what a list row shows. Rewritten whole by every move, so it never lags behind the request.
 */
export type ServiceSummary = Pick<Service, 'type' | 'title' | 'status' | 'assigneeId' | 'assigneeName' | 'satisfaction' | 'closedAt' | 'reopenCount' | 'createdAt' | 'updatedAt' | 'version'> & {
  readonly serviceId: string;
};

/** The summary is keyed by the request's customer, which the summary itself does not store. */
type KeyedSummary = ServiceSummary & { readonly customerId: string };

const base = defineEntity<KeyedSummary>({
  name: 'ServiceSummary',
  fields: fieldsOf<ServiceSummary>()(
    'serviceId', 'type', 'title', 'status', 'assigneeId', 'assigneeName', 'satisfaction', 'closedAt', 'reopenCount', 'createdAt',
    'updatedAt', 'version',
  ),
  keyOf: (summary) => serviceKeys.summary(summary.customerId, summary.serviceId),
});

export const serviceSummaryEntity = {
  ...base,
  /** The summary item of a request. */
  toItem: (service: Service) =>
    base.toItem({
      customerId: service.customerId,
      serviceId: service.id,
      type: service.type,
      title: service.title,
      status: service.status,
      ...(service.assigneeId ? { assigneeId: service.assigneeId, assigneeName: service.assigneeName } : {}),
      ...(service.satisfaction !== undefined ? { satisfaction: service.satisfaction } : {}),
      ...(service.closedAt ? { closedAt: service.closedAt } : {}),
      reopenCount: service.reopenCount,
      createdAt: service.createdAt,
      updatedAt: service.updatedAt,
      version: service.version,
    }),
};
