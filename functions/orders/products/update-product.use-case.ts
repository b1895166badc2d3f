import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Role } from '#shared/auth/roles';
import type { ProductView, UpdateProductInput } from './product.schema';
import { productView } from './product-view';

/**
 * Update a product's description, price, location or active flag (administrators only).
 *
 * Primary course: one conditional write applies the changes when the product still has the version the caller
 * read (If-Match); the version goes up, so an order priced from the old version is re-priced before it is placed.
 * The code and the stock cannot be changed here: the code is the product's identity, stock moves only through
 * stock adjustments and orders. The answer is shaped for the caller's role (product-view.ts); without a `viewer`
 * it omits the cost price.
 *
 * Alternates: missing → ProductNotFound (404); another version → VersionConflict (412).
 */
export const updateProduct = async (
  deps: OrdersDependencies,
  request: { caller: Caller; productId: string; changes: UpdateProductInput; expectedVersion: number; viewer?: Role },
): Promise<ProductView> => {
  const product = await deps.products.update(
    request.productId,
    request.changes,
    { expectedVersion: request.expectedVersion },
    { username: request.caller.username, at: deps.clock.now().toISOString() },
  );
  return productView(product, request.viewer);
};
