import { DomainError, ErrorCode } from '#shared/core/errors';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Role } from '#shared/auth/roles';
import type { ProductView } from './product.schema';
import { productView } from './product-view';

export const productNotFound = (productId: string): DomainError =>
  new DomainError(ErrorCode.ProductNotFound, `Product ${productId} does not exist.`);

/**
 * Read one product (every role). Primary course: it exists → returned, active or not, with its stock on hand.
 * The answer is shaped for the caller's role (product-view.ts: the cost price for administrators and sales
 * managers only; `belowReorderLevel`).
 * Alternate: missing → ProductNotFound (404).
 */
export const getProduct = async (deps: OrdersDependencies, request: { productId: string; viewer: Role }): Promise<ProductView> => {
  const product = await deps.products.get(request.productId);
  if (!product) throw productNotFound(request.productId);
  return productView(product, request.viewer);
};
