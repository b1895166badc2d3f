import { scopeOf } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import type { Product, ProductView } from './product.schema';

/**
 * Whether this role sees a product's cost price: the permission table's `products:cost` says so. No role (a use
 * case called without a viewer) sees nothing.
 */
export const seesCostPrice = (role: Role | undefined): boolean => role !== undefined && scopeOf('products:cost', role) !== 'none';

/**
 * A product as the caller's role may see it — the one shaping of every product answer (get, list, create,
 * update, an idempotent replay):
 * - `costPrice` only for the roles holding `products:cost` (administrators, sales managers); the others never
 *   receive the field, whatever the route;
 * - `belowReorderLevel`: the stock on hand is at or below the reorder level (false when no level is set). It is
 *   derived on every answer, never stored, so it follows every stock movement at once.
 */
export const productView = (product: Product, role: Role | undefined): ProductView => {
  const { costPrice, ...rest } = product;
  return {
    ...rest,
    ...(costPrice !== undefined && seesCostPrice(role) ? { costPrice } : {}),
    belowReorderLevel: product.reorderLevel !== undefined && product.stockOnHand <= product.reorderLevel,
  };
};
