import { defineEntity } from '#shared/db/entity';
import { orderKeys } from '#shared/keys/orders.keys';

/**
 * The sentinel that makes an order number unique: written (`attribute_not_exists`) in the placement transaction,
 * it points at the order. The number itself is in the key only.
 */
export const uniqueOrderNoEntity = defineEntity<{ orderNo: string; orderId: string }>({
  name: 'UniqueOrderNo',
  fields: ['orderId'],
  keyOf: (sentinel) => orderKeys.uniqueNo(sentinel.orderNo),
});
