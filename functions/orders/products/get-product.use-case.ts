import { DomainError, ErrorCode } from '#shared/core/errors';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Product } from './product.schema';

export const productNotFound = (productId: string): DomainError =>
  new DomainError(ErrorCode.ProductNotFound, `Product ${productId} does not exist.`);

/**
 * Read one product (every role). Primary course: it exists → returned, active or not, with its stock on hand.
 * Alternate: missing → ProductNotFound (404).
 */
export const getProduct = async (deps: OrdersDependencies, request: { productId: string }): Promise<Product> => {
  const product = await deps.products.get(request.productId);
  if (!product) throw productNotFound(request.productId);
  return product;
};
