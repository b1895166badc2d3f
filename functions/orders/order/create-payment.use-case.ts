import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CreateOutcome } from './order.ports';
import {
  busy,
  claimOf,
  money,
  netTotalOf,
  notInTheFuture,
  ownerScopeOf,
  replayOnRefusal,
  settlementOf,
  STALE_READ_ATTEMPTS,
  pauseBeforeRetry,
  type IdempotencyRequest,
} from './order.rules';
import type { CreatePaymentInput, Order, OrderDetail, Payment } from './order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import { readVisibleOrder } from './get-order.use-case';
import { promiseAfterPayment } from '#shared/dunning/receivable.writes';

/**
 * Record a payment received against an order.
 *
 * Primary course: the order is read; the amount is at most its balance; one transaction records the payment,
 * sets the order's paid amount, balance and payment status (unpaid / partial / paid) — conditional on the
 * order's version being the one read, so two payments can never both spend the same balance — and lowers the
 * customer's receivables, the open-receivable index item (removed with the overdue reminder once the balance is
 * settled) and an open promise to pay (kept once the payments since it cover it: its reminder goes,
 * shared/dunning/receivable.writes.ts). The answer is the order with its payments.
 *
 * Alternates: missing or out of scope → OrderNotFound (404); cancelled order → InvalidTransition (409); more than
 * the balance → PaymentExceedsBalance (409); the order changed meanwhile (another payment, a status move) →
 * read again and judge again (a few times, then 503). Same Idempotency-Key and request → the first answer.
 */
export const createPayment = async (
  deps: OrdersDependencies,
  request: { caller: Caller; orderId: string; input: CreatePaymentInput; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<OrderDetail>> => {
  const { caller, orderId, input } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const paidAt = input.paidAt ?? at;
  notInTheFuture(paidAt, now, 'body.paidAt');
  const claim = claimOf(request.idempotency, now);
  const paymentId = deps.ids.next();
  const ownerScope = ownerScopeOf(caller);

  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
      const current = await readVisibleOrder(deps, caller, orderId);
      if (current.status === 'cancelled') {
        throw new DomainError(ErrorCode.InvalidTransition, `Order ${current.orderNo} is cancelled and takes no payments.`);
      }
      if (input.amount.amount > current.balance.amount) {
        throw new DomainError(
          ErrorCode.PaymentExceedsBalance,
          `The payment of ${input.amount.amount} exceeds the balance of ${current.balance.amount} ${current.balance.currency} on order ${current.orderNo}.`,
          { errors: [{ path: 'body.amount.amount', message: `At most ${current.balance.amount}.` }] },
        );
      }
      const payment: Payment = {
        id: paymentId,
        orderId,
        amount: input.amount,
        paidAt,
        method: input.method,
        ...(input.reference ? { reference: input.reference } : {}),
        ...(input.note ? { note: input.note } : {}),
        version: 1,
        createdAt: at,
        createdBy: caller.username,
        updatedAt: at,
        updatedBy: caller.username,
      };
      const paid = current.paidAmount.amount + input.amount.amount;
      const { payments: _payments, ...order } = current;
      // The net total: a delivered order's returns have lowered what is owed by their credit notes.
      const settlement = settlementOf(netTotalOf(current), paid);
      const promise = promiseAfterPayment(current.promise, paid, settlement.balance.amount);
      const next: Order = {
        ...order,
        paidAmount: money(paid),
        ...settlement,
        ...(promise ? { promise } : {}),
        version: current.version + 1,
        updatedAt: at,
        updatedBy: caller.username,
      };
      const guard = { expectedVersion: current.version, ...(ownerScope ? { ownerScope } : {}) };
      const outcome = await deps.orders.addPayment(current, next, payment, guard, claim);
      if (outcome.kind !== 'stale') return outcome;
      if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
    }
    throw busy();
  });
};
