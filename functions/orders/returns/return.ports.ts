import type { CreateOutcome, CustomerSnapshot, IdempotencyClaim, OrderWriteGuard, Page, PageKey, Stale } from '#functions/orders/order/order.ports';
import type { Order, OrderDetail, Payment } from '#functions/orders/order/order.schema';
import type { OrdersDependencies } from '#functions/orders/orders.dependencies';
import type { OrderReturn } from './return.schema';

/** The domain side of returns and refunds: what their use cases need from storage, free of AWS types. */

/** A return after delivery: the order as read and as it becomes, the return with its credit note, the stock given back. */
export interface ReturnWrite {
  readonly current: Order;
  readonly next: Order;
  readonly orderReturn: OrderReturn;
  /** Units back into stock per product (empty when the goods are not restocked). */
  readonly restock: ReadonlyMap<string, number>;
  readonly guard: OrderWriteGuard;
}

/** A refund: the order as read and as it becomes, the refund as a negative payment. */
export interface RefundWrite {
  readonly current: Order;
  readonly next: Order;
  readonly refund: Payment;
  /** The order's payments and refunds so far (the answer lists them with this one). */
  readonly payments: readonly Payment[];
  /** Read when the refund reopens a live order's balance: its open-receivable item is filed under this owner. */
  readonly customer?: CustomerSnapshot;
  readonly guard: OrderWriteGuard;
}

export interface ReturnRepository {
  /** The order with its payments, and how many returns it has had, in one consistent Query of its collection. */
  orderWithReturns(orderId: string): Promise<{ order: OrderDetail; returnCount: number } | undefined>;
  /** The order's returns, oldest first. */
  listReturns(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderReturn>>;
  /**
   * ONE transaction: the return, the order and its summary (version-guarded: 412; scope: 404), the customer's lifetime
   * value, the order-value aggregate, the receivables and the open-receivable item, the stock given back, the recent-
   * orders entry, the idempotency record, the audit entry.
   */
  createReturn(write: ReturnWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderReturn>>;
  /** ONE transaction: the refund, the order and its summary (conditional on the version read), receivables, the audit. */
  refund(write: RefundWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderDetail> | Stale>;
}

/** What the returns and refunds use cases depend on (returns.container.ts wires the real ones). */
export interface ReturnsDependencies extends OrdersDependencies {
  readonly returns: ReturnRepository;
}
