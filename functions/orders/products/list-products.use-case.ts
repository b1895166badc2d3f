import { searchPrefixOf } from '#shared/core/search-key';
import type { Page, PageKey, ProductListCriteria } from '#functions/orders/order/order.ports';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Product } from './product.schema';

/**
 * List products, one page per call (every role).
 *
 * Primary course: one Query over the products' name index; `q` is a name prefix (pinyin initials or the name
 * itself for Chinese names, as for customers), `active` filters by the active flag.
 */
export const listProducts = async (
  deps: OrdersDependencies,
  request: { filters: { q?: string | undefined; active?: boolean | undefined }; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Product>> => {
  const { q, active } = request.filters;
  const criteria: ProductListCriteria = {
    ...(q ? { search: searchPrefixOf(q) } : {}),
    ...(active !== undefined ? { active } : {}),
  };
  return deps.products.list(criteria, request.page);
};
