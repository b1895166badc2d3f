import { busy, notInTheFuture, ownerScopeOf, pauseBeforeRetry, STALE_READ_ATTEMPTS } from '#functions/orders/order/order.rules';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Order } from '#functions/orders/order/order.schema';
import { deliverLines, fulfilmentStatusOf } from './fulfilment.rules';
import type { Caller, ShipmentsDependencies } from './shipment.ports';
import { readVisibleOrder, shipmentNotFound } from './shipment.rules';
import type { DeliverShipmentInput, Shipment } from './shipment.schema';

/**
 * Record that a shipment arrived: in transit → delivered (off its customer's in-transit index), and the order's
 * delivered quantities grow by its lines; when every line is fully delivered the order becomes `delivered`.
 *
 * Primary course:
 * 1. The order is read (scope as reading it) and the shipment; the shipment's version must be the If-Match and it
 *    must be in transit; `deliveredAt` is not in the future nor before the shipment left.
 * 2. ONE transaction writes the shipment as delivered (conditional on the version and status read), the order's lines
 *    and status and its summary (conditional on the order's version read), the recent-orders entry when the status
 *    moved, and the audit entries.
 *
 * Alternates: order or shipment missing or out of scope → 404; stale If-Match → VersionConflict (412); delivered
 * already → InvalidTransition (409). The order changed between the read and the write (a shipment, a payment) →
 * read again (a few times, then 503). Nothing is written on any refusal.
 */
export const deliverShipment = async (
  deps: ShipmentsDependencies,
  request: { caller: Caller; orderId: string; shipmentId: string; input: DeliverShipmentInput; expectedVersion: number },
): Promise<Shipment> => {
  const { caller, orderId, shipmentId, expectedVersion } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const deliveredAt = request.input.deliveredAt ?? at;
  notInTheFuture(deliveredAt, now, 'body.deliveredAt');
  const ownerScope = ownerScopeOf(caller);
  for (let attempt = 1; attempt <= STALE_READ_ATTEMPTS; attempt += 1) {
    const { payments: _payments, ...current } = await readVisibleOrder(deps, caller, orderId);
    const previous = await deps.shipments.get(orderId, shipmentId);
    if (!previous) throw shipmentNotFound(shipmentId);
    if (previous.version !== expectedVersion) {
      throw new DomainError(ErrorCode.VersionConflict, `Shipment ${shipmentId} has changed since you read it (now version ${previous.version}); read it again.`);
    }
    if (previous.status !== 'in_transit') throw new DomainError(ErrorCode.InvalidTransition, `Shipment ${shipmentId} is delivered already.`);
    // By day, as the shipping date is judged against the order's.
    if (deliveredAt < previous.shippedAt.slice(0, 10)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'A shipment cannot arrive before it left.', {
        errors: [{ path: 'body.deliveredAt', message: `Not before the shipping day ${previous.shippedAt.slice(0, 10)}.` }],
      });
    }
    const lines = deliverLines(current, previous.lines);
    const status = fulfilmentStatusOf(lines);
    const next: Order = {
      ...current,
      lines,
      ...(status === 'delivered' && current.status !== 'delivered' ? { status, deliveredAt } : {}),
      version: current.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const shipment: Shipment = {
      ...previous,
      status: 'delivered',
      deliveredAt,
      orderVersion: next.version,
      version: previous.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const outcome = await deps.shipments.deliver({ current, next, shipment, previous, ...(ownerScope ? { ownerScope } : {}) });
    if (outcome.kind === 'delivered') return shipment;
    if (attempt < STALE_READ_ATTEMPTS) await pauseBeforeRetry(attempt);
  }
  throw busy();
};
