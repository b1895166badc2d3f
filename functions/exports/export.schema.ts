import * as z from 'zod';
import { businessDateTime, listOrdersQuery } from '#functions/orders/order/order.schema';
import { listActivitiesQuery } from '#functions/activities/activity.schema';
import { listCustomersQuery } from '#functions/customers/customer/customer.schema';
import { auditFieldsShape, ulidSchema } from '#shared/core/schema-primitives';

export const EXPORT_ENTITIES = ['customers', 'contacts', 'activities', 'orders'] as const;
export type ExportEntity = (typeof EXPORT_ENTITIES)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** queued → running → completed | failed. */
export const EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ExportStatus = (typeof EXPORT_STATUSES)[number];

// The filters of each entity are the list routes' own query parameters (their very zod fields), as a JSON object
// (docs/import-export.md): validated the same way, a bad one is a 400 naming `body.filters.<name>`.
const { limit: _limit, cursor: _cursor, ...customerListShape } = listCustomersQuery.shape;
/** `custom.<key>=<code>` of the customer list, as an object: at most 5 select fields (checked against the definitions). */
const customFilters = z.record(z.string().min(1).max(60), z.string().min(1).max(100));

export const customerExportFilters = z.strictObject({ ...customerListShape, custom: customFilters.optional() });
export type CustomerExportFilters = z.infer<typeof customerExportFilters>;

/** The orders list's filters (`GET /v1/orders`) and the customer's orders (`GET /v1/customers/{id}/orders`). */
export const orderExportFilters = z
  .strictObject({ status: listOrdersQuery.shape.status, from: businessDateTime.optional(), to: businessDateTime.optional() })
  .refine((query) => query.from === undefined || query.to === undefined || query.from < query.to, { message: '`from` must be before `to`.', path: ['to'] });
export type OrderExportFilters = z.infer<typeof orderExportFilters>;

/** A customer's contacts (`GET /v1/customers/{id}/contacts`); without `customerId`, those of every customer. */
export const contactExportFilters = z.strictObject({ customerId: ulidSchema.optional() });
export type ContactExportFilters = z.infer<typeof contactExportFilters>;

/** A customer's activities (`GET /v1/customers/{id}/activities`: type, from, to); without `customerId`, every customer's. */
export const activityExportFilters = z
  .strictObject({
    customerId: ulidSchema.optional(),
    type: listActivitiesQuery.shape.type,
    from: listActivitiesQuery.shape.from,
    to: listActivitiesQuery.shape.to,
  })
  .refine((query) => !query.from || !query.to || query.from < query.to, { message: '`from` must be before `to`.', path: ['to'] });
export type ActivityExportFilters = z.infer<typeof activityExportFilters>;

export type ExportFilters = CustomerExportFilters | OrderExportFilters | ContactExportFilters | ActivityExportFilters;

const format = z.enum(EXPORT_FORMATS);

export const createExportBody = z.discriminatedUnion('entity', [
  z.strictObject({ entity: z.literal('customers'), format, filters: customerExportFilters.default({}) }),
  z.strictObject({ entity: z.literal('contacts'), format, filters: contactExportFilters.default({}) }),
  z.strictObject({ entity: z.literal('activities'), format, filters: activityExportFilters.default({}) }),
  z.strictObject({ entity: z.literal('orders'), format, filters: orderExportFilters.default({}) }),
]);
export type CreateExportInput = z.infer<typeof createExportBody>;

export const exportIdParams = z.strictObject({ exportId: ulidSchema });

export const exportSchema = z.strictObject({
  id: ulidSchema,
  entity: z.enum(EXPORT_ENTITIES),
  format,
  /** The filters as accepted (normalised: tags as a list, instants in UTC). */
  filters: z.record(z.string(), z.unknown()),
  status: z.enum(EXPORT_STATUSES),
  /** Rows written to the file so far (the header is not counted). */
  progress: z.strictObject({ rows: z.number().int().min(0) }),
  /** The name the download is saved under: `customers-20260302-0815.csv`. */
  fileName: z.string(),
  /** Why the export failed (status failed). */
  problem: z.string().optional(),
  completedAt: z.string().optional(),
  /** Only for the user who started it, once completed: a presigned GET, valid 15 minutes (ask again for a fresh one). */
  download: z.strictObject({ url: z.string(), expiresAt: z.string() }).optional(),
  ...auditFieldsShape,
});
export type ExportView = z.infer<typeof exportSchema>;
