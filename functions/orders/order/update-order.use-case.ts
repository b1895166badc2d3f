import { DomainError, ErrorCode } from '#shared/core/errors';
import { ownerScopeOf, STATUS_MOVES } from './order.rules';
import type { Order, OrderDetail, UpdateOrderInput } from './order.schema';
import type { Caller, OrdersDependencies } from '#functions/orders/orders.dependencies';
import { readVisibleOrder } from './get-order.use-case';
import { editOrder } from './edit-order.use-case';
import { hasShipments } from '#functions/orders/shipments/fulfilment.rules';
import { refuseCancellingInvoiced } from '#functions/orders/invoices/invoice.rules';

/**
 * Move an order's status: placed → shipped → delivered; placed or shipped → cancelled. A body without `status` is
 * an edit of a placed order instead (edit-order.use-case.ts).
 *
 * Primary course: the order is read; the move is allowed from its status; one transaction updates the order
 * (conditional on the If-Match version) and its summary. Cancelling, in that same transaction, puts every
 * product's stock back and reverses the customer's lifetime value, the order-value aggregate and the receivables (its
 * open balance). A paid order may be cancelled too: its paid amount stays on it, to be paid back by refunds
 * (functions/orders/returns/create-order-refund.use-case.ts).
 *
 * Alternates: missing or out of scope → OrderNotFound (404); stale If-Match → VersionConflict (412); a move the
 * status does not allow, any move of an order with shipments (functions/orders/shipments/: its status follows them), or
 * a cancellation of an order with invoices not voided (functions/orders/invoices/) → InvalidTransition (409). Nothing is written on any refusal.
 */
export const updateOrder = async (
  deps: OrdersDependencies,
  request: { caller: Caller; orderId: string; input: UpdateOrderInput; expectedVersion: number },
): Promise<OrderDetail> => {
  const { caller, expectedVersion } = request;
  const { status, reason } = request.input;
  if (status === undefined) return editOrder(deps, request);
  const input = { status, ...(reason === undefined ? {} : { reason }) };
  const { payments, ...current } = await readVisibleOrder(deps, caller, request.orderId);
  if (current.version !== expectedVersion) {
    throw new DomainError(
      ErrorCode.VersionConflict,
      `Order ${current.id} has changed since you read it (now version ${current.version}); read it again.`,
    );
  }
  if (!STATUS_MOVES[current.status].includes(input.status)) {
    throw new DomainError(ErrorCode.InvalidTransition, `An order that is ${current.status} cannot become ${input.status}.`);
  }
  if (hasShipments(current)) {
    throw new DomainError(
      ErrorCode.InvalidTransition,
      `Order ${current.orderNo} has shipments: it is shipped and delivered through them (POST /v1/orders/${current.id}/shipments, …/deliver) and cannot be cancelled.`,
    );
  }
  if (input.status === 'cancelled') refuseCancellingInvoiced(current);
  const at = deps.clock.now().toISOString();
  const next: Order = {
    ...current,
    status: input.status,
    ...(input.status === 'shipped' ? { shippedAt: at } : {}),
    ...(input.status === 'delivered' ? { deliveredAt: at } : {}),
    ...(input.status === 'cancelled' ? { cancelledAt: at, ...(input.reason ? { cancelReason: input.reason } : {}) } : {}),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const ownerScope = ownerScopeOf(caller);
  const guard = { expectedVersion, ...(ownerScope ? { ownerScope } : {}) };
  if (input.status === 'cancelled') await deps.orders.cancel(current, next, guard);
  else await deps.orders.changeStatus(current, next, guard);
  return { ...next, payments };
};
