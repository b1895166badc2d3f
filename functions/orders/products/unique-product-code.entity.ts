import { defineEntity } from '#shared/db/entity';
import { productKeys } from '#shared/keys/orders.keys';

/**
 * The sentinel that makes a product code unique: written (`attribute_not_exists`) in the product's create
 * transaction, it points at the product. The code itself is in the key only.
 */
export const uniqueProductCodeEntity = defineEntity<{ code: string; productId: string }>({
  name: 'UniqueProductCode',
  fields: ['productId'],
  keyOf: (sentinel) => productKeys.uniqueCode(sentinel.code),
});
