import * as z from 'zod';
import { LOST_CUSTOMER_STATUSES } from '#shared/churn/churn.keys';
import { auditFieldsShape, code, isoDateTime, pageQueryShape, text, ulidSchema } from '#shared/core/schema-primitives';

export { LOST_CUSTOMER_STATUSES, type LostCustomerStatus } from '#shared/churn/churn.keys';

/** At most this many retention measures per record: keeps the item small (far below 400 KB). */
export const MAX_MEASURES = 100;

export const lostCustomerParams = z.strictObject({ customerId: ulidSchema });

export const listLostCustomersQuery = z.strictObject({
  ...pageQueryShape,
  status: z.enum(LOST_CUSTOMER_STATUSES).optional(),
});
export type ListLostCustomersQuery = z.infer<typeof listLostCustomersQuery>;

export const addMeasureBody = z.strictObject({
  /** A retention measure (暂缓措施): what the owner does to keep the customer. */
  measure: text(1000),
});
export type AddMeasureInput = z.infer<typeof addMeasureBody>;

export const confirmLossBody = z.strictObject({
  /**
   * Why the customer was lost (流失原因), as a code of the data dictionary's `lost-reasons` list (checked by the
   * handler) so that the churn report can count per reason: built in are `competitor`, `price`, `quality`,
   * `service`, `relocation`, `bankruptcy`, `no-demand`, `other`.
   */
  reason: code,
  /** Free-text detail of the reason. */
  detail: text(1000).optional(),
});
export type ConfirmLossInput = z.infer<typeof confirmLossBody>;

export const retentionMeasureSchema = z.strictObject({
  measure: z.string(),
  at: isoDateTime,
  by: z.string(),
});
export type RetentionMeasure = z.infer<typeof retentionMeasureSchema>;

/** A lost-customer record as the API returns it; one current record per customer, keyed by the customer id. */
export const lostCustomerSchema = z.strictObject({
  customerId: ulidSchema,
  customerNo: z.string(),
  customerName: z.string(),
  /** The customer's owner (follows the customer when it is transferred). */
  ownerId: z.string(),
  status: z.enum(LOST_CUSTOMER_STATUSES),
  /** When the daily job opened the record. */
  openedAt: isoDateTime,
  /** The date the watch measured from: the last order, or the creation of a customer that never ordered. */
  watchSince: isoDateTime,
  lastOrderAt: isoDateTime.optional(),
  /** The threshold the job applied (months without an order). */
  thresholdMonths: z.number().int().min(1),
  measures: z.array(retentionMeasureSchema),
  reason: z.string().optional(),
  detail: z.string().optional(),
  confirmedAt: isoDateTime.optional(),
  confirmedBy: z.string().optional(),
  recoveredAt: isoDateTime.optional(),
  /** The order whose placement closed the record as recovered. */
  recoveredByOrderId: z.string().optional(),
  ...auditFieldsShape,
});
export type LostCustomer = z.infer<typeof lostCustomerSchema>;

export const lostCustomerListSchema = z.strictObject({
  items: z.array(lostCustomerSchema),
  nextCursor: z.string().nullable(),
});
