import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import { defineEntity, fieldsOf } from '#shared/db/entity';
import { productKeys } from '#shared/keys/orders.keys';
import type { Product } from './product.schema';

/**
 * The product item (`pk = PRODUCT#<id>`, `sk = PRODUCT`): description, price, stock on hand, declared once. Its
 * stock adjustments follow in the same item collection (stock-adjustment.entity.ts).
 */
export const PRODUCT_FIELDS = fieldsOf<Product>()(
  'id', 'code', 'name', 'model', 'unit', 'unitPrice', 'stockOnHand', 'location', 'active', 'description', 'category',
  'costPrice', 'reorderLevel', 'version', 'createdAt', 'createdBy',
  'updatedAt', 'updatedBy',
);

export const productEntity = defineEntity<Product>({
  name: 'Product',
  fields: PRODUCT_FIELDS,
  keyOf: (product) => productKeys.item(product.id),
  // The normalised name (name-prefix filter) and the products-by-name index (search key, then id); both follow
  // the name, so a rename sets them again.
  indexesOf: (product) => ({
    nameKey: normalizeName(product.name),
    [productKeys.byName.pkAttribute]: productKeys.byName.pk(),
    [productKeys.byName.skAttribute]: productKeys.sortKey(searchKeyOf(product.name), product.id),
  }),
});

/** The product items among the items of a batch read. */
export const isProductItem = (item: { sk?: unknown }): boolean => item.sk === productKeys.item('').sk;
