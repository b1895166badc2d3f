import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CreateOutcome, IdempotencyClaim } from '#functions/orders/order/order.ports';
import { orderNotFound, periodOf } from '#functions/orders/order/order.rules';
import type { Order, OrderDetail } from '#functions/orders/order/order.schema';
import type { RefundWrite, ReturnRepository, ReturnWrite } from '#functions/orders/returns/return.ports';
import type { OrderReturn } from '#functions/orders/returns/return.schema';
import type { InMemoryOrdersStore } from './in-memory-orders.repository';

const clone = <T>(value: T): T => structuredClone(value);
const keyOf = (claim: IdempotencyClaim) => `${claim.username}#${claim.operationId}#${claim.key}`;

/**
 * Returns and refunds in memory over the orders store, with the DynamoDB repository's observable rules: all or nothing,
 * the order held to a version (a return's: 412; a refund's: stale, read again), scope 404, idempotency records.
 */
export class InMemoryReturns implements ReturnRepository {
  readonly returns = new Map<string, OrderReturn[]>();

  constructor(private readonly store: InMemoryOrdersStore) {}

  private replayed<T>(claim: IdempotencyClaim | undefined): CreateOutcome<T> | undefined {
    const record = claim && this.store.idempotencyRecords.get(keyOf(claim));
    if (!record) return undefined;
    if (record.fingerprint !== claim!.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
    return { kind: 'replayed', value: clone(record.response) as T };
  }

  private inScope(order: Order, ownerScope: string | undefined): void {
    if (ownerScope === undefined) return;
    const customer = this.store.customers.get(order.customerId);
    if (!customer || customer.archived || customer.ownerId !== ownerScope) throw orderNotFound(order.id);
  }

  /** The receivables follow a live order's balance (open orders: those with a balance). */
  private receivablesFollow(current: Order, next: Order): void {
    if (current.status === 'cancelled') return;
    const item = this.store.receivables.get(current.customerId) ?? { outstanding: 0, openOrders: 0 };
    const open = (order: Order) => (order.balance.amount > 0 ? 1 : 0);
    this.store.receivables.set(current.customerId, {
      outstanding: item.outstanding + next.balance.amount - current.balance.amount,
      openOrders: item.openOrders + open(next) - open(current),
    });
  }

  orderWithReturns = async (orderId: string) => {
    const order = this.store.orders.get(orderId);
    if (!order) return undefined;
    return { order: clone({ ...order, payments: this.store.payments.get(orderId) ?? [] }) as OrderDetail, returnCount: this.returns.get(orderId)?.length ?? 0 };
  };

  listReturns = async (orderId: string) => ({ items: clone(this.returns.get(orderId) ?? []) });

  createReturn = async ({ current, next, orderReturn, restock, guard }: ReturnWrite, claim?: IdempotencyClaim): Promise<CreateOutcome<OrderReturn>> => {
    const replay = this.replayed<OrderReturn>(claim);
    if (replay) return replay;
    const stored = this.store.orders.get(current.id);
    if (!stored) throw orderNotFound(current.id);
    this.inScope(current, guard.ownerScope);
    if (stored.version !== guard.expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
    const credit = orderReturn.creditNote.amount.amount;
    for (const [productId, quantity] of restock) this.store.products.get(productId)!.stockOnHand += quantity;
    const customer = this.store.customers.get(current.customerId)!;
    this.store.customers.set(customer.id, { ...customer, lifetimeValue: { amount: customer.lifetimeValue!.amount - credit, currency: 'CNY' } });
    const { year, month } = periodOf(current.orderedAt);
    const aggregate = this.store.aggregates.get(`${year}#${current.customerId}`)!;
    aggregate.orderValue -= credit;
    aggregate.months[month]!.value -= credit;
    this.receivablesFollow(current, next);
    this.store.orders.set(current.id, clone(next));
    this.returns.set(current.id, [...(this.returns.get(current.id) ?? []), clone(orderReturn)]);
    if (claim) this.store.idempotencyRecords.set(keyOf(claim), { fingerprint: claim.fingerprint, response: clone(orderReturn) });
    this.store.writes += 1;
    return { kind: 'created', value: clone(orderReturn) };
  };

  refund = async ({ current, next, refund, payments, guard }: RefundWrite, claim?: IdempotencyClaim) => {
    const replay = this.replayed<OrderDetail>(claim);
    if (replay) return replay;
    const stored = this.store.orders.get(current.id);
    if (!stored) throw orderNotFound(current.id);
    this.inScope(current, guard.ownerScope);
    if (stored.version !== guard.expectedVersion) return { kind: 'stale' as const };
    this.receivablesFollow(current, next);
    this.store.orders.set(current.id, clone(next));
    this.store.payments.set(current.id, [...payments, clone(refund)]);
    const detail: OrderDetail = clone({ ...next, payments: [...payments, refund] });
    if (claim) this.store.idempotencyRecords.set(keyOf(claim), { fingerprint: claim.fingerprint, response: clone(detail) });
    this.store.writes += 1;
    return { kind: 'created' as const, value: detail };
  };
}
