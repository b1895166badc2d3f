import { searchPrefixOf } from '#shared/core/search-key';
import type { Page, PageKey, ProductListCriteria } from '#functions/orders/order/order.ports';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Role } from '#shared/auth/roles';
import type { ProductView } from './product.schema';
import { productView } from './product-view';

/**
 * List products, one page per call (every role).
 *
 * Primary course: one Query over the products' name index; `q` is a name prefix (pinyin initials or the name
 * itself for Chinese names, as for customers), `active` filters by the active flag. Each product is shaped for the
 * caller's role (product-view.ts: the cost price for administrators and sales managers only; `belowReorderLevel`).
 */
export const listProducts = async (
  deps: OrdersDependencies,
  request: { filters: { q?: string | undefined; active?: boolean | undefined }; page: { limit: number; startKey?: PageKey }; viewer: Role },
): Promise<Page<ProductView>> => {
  const { q, active } = request.filters;
  const criteria: ProductListCriteria = {
    ...(q ? { search: searchPrefixOf(q) } : {}),
    ...(active !== undefined ? { active } : {}),
  };
  const page = await deps.products.list(criteria, request.page);
  return { ...page, items: page.items.map((product) => productView(product, request.viewer)) };
};
