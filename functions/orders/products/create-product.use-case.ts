import type { CreateOutcome } from '#functions/orders/order/order.ports';
import { claimOf, type IdempotencyRequest } from '#functions/orders/order/order.rules';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { Role } from '#shared/auth/roles';
import type { CreateProductInput, Product, ProductView, StockAdjustment } from './product.schema';
import { productView } from './product-view';

/**
 * Create a product (administrators only — the route's capability says so).
 *
 * Primary course: the product, its code sentinel and — when an opening stock is given — the opening stock
 * adjustment are written in one transaction, with the idempotency record. The answer (and a replay of it) is
 * shaped for the caller's role (product-view.ts); without a `viewer` it omits the cost price.
 *
 * Alternates: the code is in use → ProductCodeTaken (409). The same Idempotency-Key with the same request
 * replays the first answer; with another request → IdempotencyKeyReused (422).
 */
export const createProduct = async (
  deps: OrdersDependencies,
  request: { caller: Caller; input: CreateProductInput; idempotency?: IdempotencyRequest; viewer?: Role },
): Promise<CreateOutcome<ProductView>> => {
  const { caller, input } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const audit = { version: 1, createdAt: at, createdBy: caller.username, updatedAt: at, updatedBy: caller.username };
  const product: Product = { ...input, id: deps.ids.next(), ...audit };
  const opening: StockAdjustment | undefined =
    input.stockOnHand > 0
      ? { id: deps.ids.next(), productId: product.id, delta: input.stockOnHand, reason: 'Opening stock', ...audit }
      : undefined;
  const outcome = await deps.products.create(product, opening, claimOf(request.idempotency, now));
  return { ...outcome, value: productView(outcome.value, request.viewer) };
};
