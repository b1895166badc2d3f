import { DomainError, ErrorCode } from '#shared/core/errors';
import type { IdempotencyClaim } from '#shared/idempotency/idempotency';
import { orderNotFound } from '#functions/orders/order/order.rules';
import type { ShipmentRepository, ShipmentsDependencies, ShipmentWrite } from '#functions/orders/shipments/shipment.ports';
import type { Shipment } from '#functions/orders/shipments/shipment.schema';
import { ordersTestKit } from '#test/fakes/orders-test-kit';

const clone = <T>(value: T): T => structuredClone(value);

/**
 * The orders test kit with in-memory shipments over the same order store: the same observable rules as
 * DynamoDbShipmentRepository (scope, versions, all-or-nothing, idempotency records). `beforeWrite` changes the state
 * between a use case's read and its write.
 */
export const shipmentsTestKit = (seed = 7) => {
  const kit = ordersTestKit(seed);
  const { store } = kit;
  const shipments = new Map<string, Shipment>();
  const records = new Map<string, { fingerprint: string; response: unknown }>();
  const state = { writes: 0, beforeWrite: undefined as (() => void) | undefined };
  const recordKey = (claim: Pick<IdempotencyClaim, 'username' | 'operationId' | 'key'>) => `${claim.username}#${claim.operationId}#${claim.key}`;

  const hook = () => {
    const run = state.beforeWrite;
    state.beforeWrite = undefined;
    run?.();
  };
  /** Scope (404), then the order's version: `stale` when it moved. */
  const orderMoved = (write: ShipmentWrite): boolean => {
    const stored = store.orders.get(write.current.id);
    if (!stored) throw orderNotFound(write.current.id);
    if (write.ownerScope !== undefined) {
      const customer = store.customers.get(write.current.customerId);
      if (!customer || customer.archived || customer.ownerId !== write.ownerScope) throw orderNotFound(write.current.id);
    }
    return stored.version !== write.current.version;
  };

  const repository: ShipmentRepository = {
    create: async (write, claim) => {
      hook();
      const record = claim && records.get(recordKey(claim));
      if (claim && record) {
        if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
        return { kind: 'replayed', value: clone(record.response) as Shipment };
      }
      if (orderMoved(write)) throw new DomainError(ErrorCode.VersionConflict, 'stale');
      store.orders.set(write.current.id, clone(write.next));
      shipments.set(`${write.shipment.orderId}#${write.shipment.id}`, clone(write.shipment));
      if (claim) records.set(recordKey(claim), { fingerprint: claim.fingerprint, response: clone(write.shipment) });
      state.writes += 1;
      return { kind: 'created', value: clone(write.shipment) };
    },
    deliver: async (write) => {
      hook();
      const stored = shipments.get(`${write.previous.orderId}#${write.previous.id}`);
      if (!stored) throw new DomainError(ErrorCode.ShipmentNotFound, 'gone');
      if (stored.status !== write.previous.status) throw new DomainError(ErrorCode.InvalidTransition, 'moved');
      if (stored.version !== write.previous.version) throw new DomainError(ErrorCode.VersionConflict, 'stale');
      if (orderMoved(write)) return { kind: 'stale' };
      store.orders.set(write.current.id, clone(write.next));
      shipments.set(`${write.shipment.orderId}#${write.shipment.id}`, clone(write.shipment));
      state.writes += 1;
      return { kind: 'delivered' };
    },
    get: async (orderId, shipmentId) => clone(shipments.get(`${orderId}#${shipmentId}`)),
    list: async (orderId, page) => {
      const all = [...shipments.values()].filter((shipment) => shipment.orderId === orderId).sort((a, b) => (a.id < b.id ? -1 : 1));
      const after = typeof page.startKey?.sk === 'string' ? page.startKey.sk : '';
      const rest = all.filter((shipment) => shipment.id > after);
      const items = rest.slice(0, page.limit);
      return { items: clone(items), ...(rest.length > page.limit ? { lastKey: { sk: items.at(-1)!.id } } : {}) };
    },
  };
  const idempotency: ShipmentsDependencies['idempotency'] = {
    find: async (claim) => {
      const record = records.get(recordKey(claim));
      if (!record) return undefined;
      if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      return clone(record.response);
    },
  };
  const shipmentDeps: ShipmentsDependencies = { shipments: repository, orders: store.orderRepository, idempotency, clock: kit.deps.clock, ids: kit.deps.ids };
  return { ...kit, shipmentDeps, shipments, state };
};
