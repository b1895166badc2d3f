import { claimOf, notInTheFuture, ownerScopeOf, replayOnRefusal, type IdempotencyRequest } from '#functions/orders/order/order.rules';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Order } from '#functions/orders/order/order.schema';
import { fulfilmentStatusOf, refuseShipmentOf, shipLines } from './fulfilment.rules';
import type { Caller, CreateOutcome, ShipmentsDependencies } from './shipment.ports';
import { orderVersionConflict, readVisibleOrder } from './shipment.rules';
import type { CreateShipmentInput, Shipment } from './shipment.schema';

/**
 * Ship (part of) an order: a delivery list (送货清单) with carrier, tracking number, consignee and the quantities of
 * the order's products that leave now. Stock does not move: it was taken when the order was placed.
 *
 * Primary course:
 * 1. The order is read (an account manager's only while its customer is theirs); its version must be the If-Match.
 * 2. The order must be placed (a partly shipped order stays placed); each product must be on the order and its
 *    quantity at most what is ordered and not yet shipped (fulfilment.rules.ts); `shippedAt` is not in the future
 *    nor before the order.
 * 3. The lines' shipped quantities grow (each product's first lines first); when every line is fully shipped the
 *    order becomes `shipped` (shippedAt: this shipment's).
 * 4. ONE transaction writes the shipment (in transit: on its customer's index), the order and its summary
 *    (conditional on the If-Match version), the recent-orders entry when the status moved, the idempotency record and
 *    the audit entries (the shipment's creation, the order's change).
 *
 * Alternates: missing or out of scope → OrderNotFound (404); stale If-Match, or another write of the order won →
 * VersionConflict (412); cancelled, delivered or shipped as a whole → InvalidTransition (409); a product not on the
 * order → 400; more than ordered − shipped → ShipmentExceedsOrder (409). Same Idempotency-Key and request → the
 * first answer. Nothing is written on any refusal.
 */
export const createShipment = async (
  deps: ShipmentsDependencies,
  request: { caller: Caller; orderId: string; input: CreateShipmentInput; expectedVersion: number; idempotency?: IdempotencyRequest },
): Promise<CreateOutcome<Shipment>> => {
  const { caller, orderId, input, expectedVersion } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const shippedAt = input.shippedAt ?? at;
  notInTheFuture(shippedAt, now, 'body.shippedAt');
  const claim = claimOf(request.idempotency, now);
  const shipmentId = deps.ids.next();
  const ownerScope = ownerScopeOf(caller);

  return replayOnRefusal(deps.idempotency, claim, now, async () => {
    const { payments: _payments, ...current } = await readVisibleOrder(deps, caller, orderId);
    if (current.version !== expectedVersion) throw orderVersionConflict(current.id, current.version);
    refuseShipmentOf(current);
    // By day: a date without a time (midnight UTC) on the order's own day is not "before" it.
    if (shippedAt < current.orderedAt.slice(0, 10)) {
      throw new DomainError(ErrorCode.ValidationFailed, 'A shipment cannot leave before its order was placed.', {
        errors: [{ path: 'body.shippedAt', message: `Not before the order's day ${current.orderedAt.slice(0, 10)}.` }],
      });
    }
    const { lines, shipped } = shipLines(current, input.lines);
    const status = fulfilmentStatusOf(lines);
    const next: Order = {
      ...current,
      lines,
      ...(status === 'shipped' && current.status !== 'shipped' ? { status, shippedAt } : {}),
      version: current.version + 1,
      updatedAt: at,
      updatedBy: caller.username,
    };
    const shipment: Shipment = {
      id: shipmentId,
      orderId: current.id,
      orderNo: current.orderNo,
      customerId: current.customerId,
      customerName: current.customerName,
      status: 'in_transit',
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      consignee: input.consignee,
      shippedAt,
      lines: shipped,
      orderVersion: next.version,
      version: 1,
      createdAt: at,
      createdBy: caller.username,
      updatedAt: at,
      updatedBy: caller.username,
    };
    return deps.shipments.create({ current, next, shipment, ...(ownerScope ? { ownerScope } : {}) }, claim);
  });
};
