import type { Clock, IdGenerator } from '#shared/core/clock';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import type { CreateOutcome, IdempotencyStore, OrderRepository, Page, PageKey, Stale } from '#functions/orders/order/order.ports';
import type { Order } from '#functions/orders/order/order.schema';
import type { Shipment } from './shipment.schema';

/** The domain side of shipments: what the shipment use cases need from storage, free of AWS types. */

/**
 * A shipment's write: the order as read and as it becomes (its lines' shipped or delivered quantities, the status
 * that follows, its version), the shipment as it becomes and, for a delivery, as it was read.
 */
export interface ShipmentWrite {
  readonly current: Order;
  readonly next: Order;
  readonly shipment: Shipment;
  /** Set when the caller sees their own customers only: the order's customer must still be theirs (else 404). */
  readonly ownerScope?: string;
}

export interface ShipmentDelivery extends ShipmentWrite {
  /** The shipment as read; the write is conditional on its version (the If-Match) and on it being in transit. */
  readonly previous: Shipment;
}

export interface ShipmentRepository {
  /**
   * ONE transaction: the shipment, the order's lines and status (conditional on the If-Match version: 412) and its
   * summary (and recent-orders entry when the status moves), the idempotency record, the audit entries.
   */
  create(write: ShipmentWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Shipment>>;
  /**
   * ONE transaction: the shipment as delivered (conditional on its version and status: 412 / 409), the order's
   * delivered quantities and status (conditional on the version read: `stale` → read again), the summary, the audit
   * entries.
   */
  deliver(write: ShipmentDelivery): Promise<{ kind: 'delivered' } | Stale>;
  get(orderId: string, shipmentId: string): Promise<Shipment | undefined>;
  /** An order's shipments, oldest first (ULID order). */
  list(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<Shipment>>;
}

/** What the shipment use cases depend on; shipments.container.ts wires the real ones, tests the fakes. */
export interface ShipmentsDependencies {
  readonly shipments: ShipmentRepository;
  /** The orders' reads (the order, the customer for scope) and nothing of their writes. */
  readonly orders: Pick<OrderRepository, 'get' | 'customer'>;
  readonly idempotency: IdempotencyStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
export type { CreateOutcome, Page, PageKey, Stale };
