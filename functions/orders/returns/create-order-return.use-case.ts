import { DomainError, ErrorCode } from '#shared/core/errors';
import { promiseAfterPayment } from '#shared/dunning/receivable.writes';
import type { CreateOutcome } from '#functions/orders/order/order.ports';
import { claimOf, customerVisibleTo, money, netTotalOf, orderNotFound, ownerScopeOf, replayOnRefusal, settlementOf, type IdempotencyRequest } from '#functions/orders/order/order.rules';
import type { Order, OrderDetail } from '#functions/orders/order/order.schema';
import type { Caller } from '#functions/orders/orders.dependencies';
import type { ReturnsDependencies } from './return.ports';
import { allocateReturn, creditNoteNumberOf, restockOf } from './return.rules';
import type { CreateOrderReturnInput, OrderReturn } from './return.schema';

/** The order with its payments and its count of returns, if the caller may see it (as readVisibleOrder: else 404). */
export const readVisibleOrderWithReturns = async (
  deps: ReturnsDependencies,
  caller: Caller,
  orderId: string,
): Promise<{ order: OrderDetail; returnCount: number }> => {
  const read = await deps.returns.orderWithReturns(orderId);
  if (!read) throw orderNotFound(orderId);
  if (caller.scope === 'own' && !customerVisibleTo(caller, await deps.orders.customer(read.order.customerId))) throw orderNotFound(orderId);
  return read;
};

/**
 * Record a return after delivery: goods given back, restocked or not, and the credit note that lowers what the customer
 * owes.
 *
 * Primary course:
 * 1. The order is read with its payments and its count of returns (one Query; an account manager's only while its
 *    customer is theirs); its version must be the If-Match.
 * 2. Each product's units are taken from the order's lines of that product, first line first, never more than the
 *    line's returnable units (delivered less returned, return.rules.ts `returnableQuantities`); each line's credit is its
 *    share of the line's amount after discount, exact to the fen (a line returned in parts credits exactly its amount).
 * 3. The order's returned quantities and `creditedAmount` grow; its balance is the net total (total less credits) less
 *    the paid amount, never below zero; its payment status follows.
 * 4. ONE transaction writes the return with its credit note (`CN-<orderNo>-<n>`), the order (held to the If-Match) and
 *    its summary, the customer's lifetime value and the order-value aggregate less the credit, the receivables and the
 *    open-receivable item by the balance's difference, each product's stock back when `restock`, the recent-orders
 *    entry, the idempotency record and the audit entry.
 *
 * Alternates: missing or out of scope → OrderNotFound (404); stale If-Match, or another write of the order won the race
 * → VersionConflict (412); nothing returnable (not delivered, or all returned) → InvalidTransition (409); more than
 * returnable → ReturnExceedsDelivered (409 naming the line); a product not on the order → 400. Nothing is written on any
 * refusal. The same Idempotency-Key and body → the first answer.
 */
export const createOrderReturn = async (
  deps: ReturnsDependencies,
  request: { caller: Caller; orderId: string; input: CreateOrderReturnInput; expectedVersion: number; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<OrderReturn>> => {
  const { caller, orderId, input, expectedVersion } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const claim = claimOf(request.idempotency, now);
  const returnId = deps.ids.next();
  const ownerScope = ownerScopeOf(caller);

  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    const { order: read, returnCount } = await readVisibleOrderWithReturns(deps, caller, orderId);
    const { payments: _payments, ...current } = read;
    if (current.version !== expectedVersion) {
      throw new DomainError(ErrorCode.VersionConflict, `Order ${current.id} has changed since you read it (now version ${current.version}); read it again.`);
    }
    const allocated = allocateReturn(current, input.lines);
    const credited = (current.creditedAmount?.amount ?? 0) + allocated.credit;
    const paid = current.paidAmount.amount;
    const afterCredit: Order = { ...current, lines: allocated.orderLines, creditedAmount: money(credited) };
    const settlement = settlementOf(netTotalOf(afterCredit), paid);
    const promise = promiseAfterPayment(current.promise, paid, settlement.balance.amount);
    const next: Order = {
      ...afterCredit,
      ...settlement,
      ...(promise ? { promise } : {}),
      version: current.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const orderReturn: OrderReturn = {
      id: returnId,
      orderId,
      orderNo: current.orderNo,
      lines: allocated.lines,
      restock: input.restock,
      reason: input.reason,
      creditNote: { number: creditNoteNumberOf(current.orderNo, returnCount), amount: money(allocated.credit), issuedAt: at },
      orderVersion: next.version,
      version: 1,
      createdAt: at,
      createdBy: caller.username,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const guard = { expectedVersion, ...(ownerScope ? { ownerScope } : {}) };
    return deps.returns.createReturn(
      { current, next, orderReturn, restock: input.restock ? restockOf(allocated.lines) : new Map(), guard },
      claim,
    );
  });
};
