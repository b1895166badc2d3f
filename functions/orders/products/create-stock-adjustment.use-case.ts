import type { CreateOutcome } from '#functions/orders/order/order.ports';
import { claimOf, replayOnRefusal, type IdempotencyRequest } from '#functions/orders/order/order.rules';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { StockAdjustment, StockAdjustmentInput } from './product.schema';

/**
 * Adjust a product's stock (goods received, counted, damaged …; administrators only).
 *
 * Primary course: one transaction adds `delta` to the stock on hand — conditional on the result not going below
 * zero, checked inside the transaction so it holds under any race — records the adjustment (who, when, why) in
 * the product's item collection, and writes the audit entries (the adjustment; the stock movement on the product).
 *
 * Alternates: missing product → ProductNotFound (404); the stock would go below zero → InsufficientStock (409),
 * nothing written. Same Idempotency-Key and request → the first answer, even if the stock has moved since.
 */
export const createStockAdjustment = async (
  deps: OrdersDependencies,
  request: { caller: Caller; productId: string; input: StockAdjustmentInput; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<StockAdjustment>> => {
  const now = deps.clock.now();
  const at = now.toISOString();
  const { username } = request.caller;
  const adjustment: StockAdjustment = {
    id: deps.ids.next(),
    productId: request.productId,
    delta: request.input.delta,
    reason: request.input.reason,
    version: 1,
    createdAt: at,
    createdBy: username,
    updatedAt: at,
    updatedBy: username,
  };
  const claim = claimOf(request.idempotency, now);
  return replayOnRefusal(deps.idempotency, claim, now, () => deps.products.adjustStock(adjustment, claim));
};
