import { churnKeys } from '#shared/churn/churn.keys';
import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { LostCustomer } from './lost-customer.schema';

/**
 * The lost-customer record (`pk = CUSTOMER#<id>`, `sk = LOST_CUSTOMER`: one current record per customer, in its
 * collection), declared once: the lost-customer routes and the churn-detection job (which opens records) read and
 * write it through this module. docs/data-model.md, "Lost customers and the churn watch", explains its indexes.
 */
export const LOST_CUSTOMER_FIELDS = fieldsOf<LostCustomer>()(
  'customerId', 'customerNo', 'customerName', 'ownerId', 'status', 'openedAt', 'watchSince', 'lastOrderAt',
  'thresholdMonths', 'measures', 'reason', 'detail', 'confirmedAt', 'confirmedBy', 'recoveredAt', 'recoveredByOrderId',
  'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const lostCustomerEntity = defineEntity<LostCustomer>({
  name: 'LostCustomer',
  fields: LOST_CUSTOMER_FIELDS,
  keyOf: (record) => churnKeys.record(record.customerId),
  // By the customer's owner (re-pointed by a transfer), all, and by status; each sorted by opening date, then id.
  indexesOf: (record) => {
    const sk = churnKeys.recordSortKey(record.openedAt, record.customerId);
    return {
      [churnKeys.byOwner.pkAttribute]: churnKeys.byOwner.pk(record.ownerId),
      [churnKeys.byOwner.skAttribute]: sk,
      [churnKeys.all.pkAttribute]: churnKeys.all.pk(),
      [churnKeys.all.skAttribute]: sk,
      [churnKeys.byStatus.pkAttribute]: churnKeys.byStatus.pk(record.status),
      [churnKeys.byStatus.skAttribute]: sk,
    };
  },
});

/**
 * An earlier, closed record (recovered, or lost and reactivated), kept as it was when the customer comes under
 * watch again (`sk = LOST_CUSTOMER#EPISODE#<openedAt>`): history only, on no index.
 */
export const lostCustomerEpisodeEntity = defineEntity<LostCustomer>({
  name: 'LostCustomerEpisode',
  fields: LOST_CUSTOMER_FIELDS,
  keyOf: (record) => churnKeys.episode(record.customerId, record.openedAt),
});
