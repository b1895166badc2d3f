import { defineEntity, fieldsOf } from '#shared/db/entity';
import { orderKeys } from '#shared/keys/orders.keys';
import type { Payment } from './order.schema';

/** A payment (`pk = ORDER#<orderId>`, `sk = PAYMENT#<paymentId>`), in its order's item collection, in time order. */
export const PAYMENT_FIELDS = fieldsOf<Payment>()(
  'id', 'orderId', 'amount', 'paidAt', 'method', 'reference', 'note', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const paymentEntity = defineEntity<Payment>({
  name: 'Payment',
  fields: PAYMENT_FIELDS,
  keyOf: (payment) => orderKeys.payment(payment.orderId, payment.id),
});
