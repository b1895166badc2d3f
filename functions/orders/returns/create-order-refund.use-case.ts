import { DomainError, ErrorCode } from '#shared/core/errors';
import { readVisibleOrder } from '#functions/orders/order/get-order.use-case';
import type { CreateOutcome, CustomerSnapshot } from '#functions/orders/order/order.ports';
import {
  busy,
  claimOf,
  money,
  netTotalOf,
  notInTheFuture,
  orderNotFound,
  ownerScopeOf,
  pauseBeforeRetry,
  replayOnRefusal,
  settlementOf,
  STALE_READ_ATTEMPTS,
  type IdempotencyRequest,
} from '#functions/orders/order/order.rules';
import type { Order, OrderDetail, Payment } from '#functions/orders/order/order.schema';
import type { Caller } from '#functions/orders/orders.dependencies';
import type { ReturnsDependencies } from './return.ports';
import type { CreateOrderRefundInput } from './return.schema';

/**
 * Record a refund: money paid back to the customer, as a negative payment on the order (it is listed among the order's
 * payments with a negative amount and the reason as its note).
 *
 * Primary course: the order is read; the amount is at most its paid amount (Σ payments less earlier refunds); one
 * transaction records the refund, lowers the paid amount and sets the balance (net total less paid, never below zero)
 * and payment status — conditional on the order's version being the one read, so two refunds can never both pay back
 * the same money — and, for a live order whose balance grows (a refund beyond what a return left overpaid, e.g. a
 * bounced payment), the receivables and the open-receivable item (put again, under the customer's owner read now,
 * when the balance reopens). A cancelled order's paid amount is refunded without touching the receivables (the
 * cancellation took the order out of them). The answer is the order with its payments and refunds.
 *
 * Alternates: missing or out of scope → OrderNotFound (404); more than paid net of refunds → RefundExceedsPaid (409);
 * a refund date in the future → 400; the order (or its customer's owner) changed meanwhile → read again and judge again
 * (a few times, then 503). Same Idempotency-Key and request → the first answer. Nothing is written on any refusal.
 */
export const createOrderRefund = async (
  deps: ReturnsDependencies,
  request: { caller: Caller; orderId: string; input: CreateOrderRefundInput; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<OrderDetail>> => {
  const { caller, orderId, input } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const refundedAt = input.refundedAt ?? at;
  notInTheFuture(refundedAt, now, 'body.refundedAt');
  const claim = claimOf(request.idempotency, now);
  const refundId = deps.ids.next();
  const ownerScope = ownerScopeOf(caller);

  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
      const { payments, ...current } = await readVisibleOrder(deps, caller, orderId);
      if (input.amount.amount > current.paidAmount.amount) {
        throw new DomainError(
          ErrorCode.RefundExceedsPaid,
          `The refund of ${input.amount.amount} exceeds the ${current.paidAmount.amount} ${current.paidAmount.currency} paid (net of refunds) on order ${current.orderNo}.`,
          { errors: [{ path: 'body.amount.amount', message: `At most ${current.paidAmount.amount}.` }] },
        );
      }
      const refund: Payment = {
        id: refundId,
        orderId,
        amount: money(-input.amount.amount),
        paidAt: refundedAt,
        method: input.method,
        ...(input.reference ? { reference: input.reference } : {}),
        note: input.reason,
        version: 1,
        createdAt: at,
        createdBy: caller.username,
        updatedAt: at,
        updatedBy: caller.username,
      };
      const paid = current.paidAmount.amount - input.amount.amount;
      const next: Order = {
        ...current,
        paidAmount: money(paid),
        ...settlementOf(netTotalOf(current), paid),
        version: current.version + 1,
        updatedAt: at,
        updatedBy: caller.username,
      };
      // A live order's balance that reopens puts its open-receivable item back under the customer's owner: read it.
      let customer: CustomerSnapshot | undefined;
      if (current.status !== 'cancelled' && current.balance.amount === 0 && next.balance.amount > 0) {
        customer = await deps.orders.customer(current.customerId);
        if (!customer) throw orderNotFound(orderId);
      }
      const guard = { expectedVersion: current.version, ...(ownerScope ? { ownerScope } : {}) };
      const outcome = await deps.returns.refund({ current, next, refund, payments, ...(customer ? { customer } : {}), guard }, claim);
      if (outcome.kind !== 'stale') return outcome;
      if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
    }
    throw busy();
  });
};
