import { defineEntity, fieldsOf } from '#shared/db/entity';
import { productKeys } from '#shared/keys/orders.keys';
import type { StockAdjustment } from './product.schema';

/** A stock adjustment (`pk = PRODUCT#<productId>`, `sk = ADJUSTMENT#<id>`), in its product's item collection. */
export const STOCK_ADJUSTMENT_FIELDS = fieldsOf<StockAdjustment>()(
  'id', 'productId', 'delta', 'reason', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
);

export const stockAdjustmentEntity = defineEntity<StockAdjustment>({
  name: 'StockAdjustment',
  fields: STOCK_ADJUSTMENT_FIELDS,
  keyOf: (adjustment) => productKeys.adjustment(adjustment.productId, adjustment.id),
});
