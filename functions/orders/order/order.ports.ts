import type { SyncWindow, Tombstone } from '#shared/customer-records/delta-sync';
import type { CustomerHead } from '#shared/customer-records/customer-head';
import type { Money } from '#shared/core/schema-primitives';
import type { Order, OrderDetail, OrderStatus, OrderSummary, Payment, RecentOrder } from './order.schema';
import type { Product, StockAdjustment } from '#functions/orders/products/product.schema';
import type { IdempotencyRequest, IdempotencyClaim } from '#shared/idempotency/idempotency';

/** The domain side of the orders feature: what the use cases need from storage, free of AWS types. */

export interface Actor {
  readonly username: string;
  readonly at: string;
}

export type { IdempotencyClaim };

export type CreateOutcome<T> = { kind: 'created'; value: T } | { kind: 'replayed'; value: T };

/**
 * A write that was conditional on what an earlier read saw (product versions, the customer's last order date,
 * the order's version) and found it changed: nothing was written, the use case reads again and retries.
 */
export type Stale = { kind: 'stale' };

export type PageKey = Record<string, string | number>;

export interface Page<T> {
  readonly items: T[];
  readonly lastKey?: PageKey;
}

/** What the orders feature reads of a customer: scope, name and address, and the derived order fields. */
export interface CustomerSnapshot {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
  readonly address?: string;
  /** `active`, `inactive` or `lost`: an order moves the churn watch of active customers only. */
  readonly status: string;
  readonly archived: boolean;
  /** Status of the customer's lost-customer record, if any (an order recovers an open one). */
  readonly churnStatus?: string;
  readonly lastOrderAt?: string;
  readonly lifetimeValue?: Money;
  /** The customer's default payment terms (days), if set. */
  readonly paymentTermsDays?: number;
  /** When the customer last changed: a placement stamps it no earlier (it only moves forward). */
  readonly updatedAt?: string;
}

// ------------------------------------------------------------------------------------------- products

export type ProductChanges = Partial<Record<keyof Product, unknown>>;

export interface ProductListCriteria {
  readonly search?: { keyPrefix: string; namePrefix?: string };
  readonly active?: boolean;
}

export interface ProductRepository {
  /** The product, its code sentinel and (when stock is given) the opening adjustment, atomically. */
  create(product: Product, opening: StockAdjustment | undefined, idempotency?: IdempotencyClaim): Promise<CreateOutcome<Product>>;
  get(productId: string): Promise<Product | undefined>;
  /** Descriptive fields only, guarded by version (404 / 412). Never touches stock. */
  update(productId: string, changes: ProductChanges, guard: { expectedVersion: number }, actor: Actor): Promise<Product>;
  /** Adds `delta` to the stock (never below zero) and records the adjustment, atomically. */
  adjustStock(adjustment: StockAdjustment, idempotency?: IdempotencyClaim): Promise<CreateOutcome<StockAdjustment>>;
  list(criteria: ProductListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Product>>;
}

// ------------------------------------------------------------------------------------------- orders

/** The customer's newest orders, as projected for the 360 view, with the revision the placement read. */
export interface RecentOrders {
  readonly revision: number;
  readonly orders: readonly RecentOrder[];
}

/** One product's share of an order: the stock it takes (or gives back) and the version the price was read at. */
export interface StockMove {
  readonly productId: string;
  readonly productCode: string;
  readonly quantity: number;
  /** The product version the order was priced at; placement is conditional on it. */
  readonly expectedVersion: number;
  /** Index of the first order line with this product, to name it in a refusal. */
  readonly lineIndex: number;
}

export interface OrderPlacement {
  readonly order: Order;
  /** The customer as read: the write is conditional on its derived fields still being what was read. */
  readonly customer: CustomerSnapshot;
  /** When set, the customer must still be owned by this user (else: not found). */
  readonly ownerScope?: string;
  readonly stock: readonly StockMove[];
  /** The customer's recent-orders projection as read (absent: none yet); the write is conditional on it. */
  readonly recentOrders?: RecentOrders;
}

/** One product's stock move by an edit: `delta` > 0 takes more, < 0 gives back. */
export interface EditStockMove {
  readonly productId: string;
  readonly productCode: string;
  readonly delta: number;
  /** Set for a product new to the order (priced now): the edit is conditional on the version its price was read at. */
  readonly expectedVersion?: number;
  /** Index of the first new line with this product (-1: the product left the order), to name it in a refusal. */
  readonly lineIndex: number;
}

/** An edit of a placed order: the order as read and as it becomes, the stock moves and the customer as read. */
export interface OrderEdit {
  readonly current: Order;
  readonly next: Order;
  readonly stock: readonly EditStockMove[];
  /** Read when the lines change: its lifetime value, stamp and owner (the open-receivable item's) move with the edit. */
  readonly customer?: CustomerSnapshot;
  readonly guard: OrderWriteGuard;
}

export interface OrderWriteGuard {
  readonly expectedVersion: number;
  readonly ownerScope?: string;
}

export interface OrderListCriteria {
  readonly status?: OrderStatus;
  /** Inclusive, normalised ISO date-time. */
  readonly from?: string;
  /** Exclusive, normalised ISO date-time. */
  readonly to?: string;
}

export interface OrderRepository {
  /** The customer and the products an order names, in one read (missing products are simply absent). */
  placementContext(
    customerId: string,
    productIds: readonly string[],
  ): Promise<{ customer?: CustomerSnapshot; products: Product[]; recentOrders?: RecentOrders }>;
  customer(customerId: string): Promise<CustomerSnapshot | undefined>;
  /**
   * One transaction: the order, its summary under the customer, its number sentinel, every product's stock
   * (conditional on stock and version), the customer's last order date and lifetime value, the aggregates
   * and the idempotency record.
   */
  place(placement: OrderPlacement, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderDetail> | Stale>;
  /** The order with its payments (oldest first). */
  get(orderId: string): Promise<OrderDetail | undefined>;
  listByCustomer(customerId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>>;
  /** The delta feed of a customer's orders: the summaries changed in the window (orders are never deleted). */
  feedByCustomer(customerId: string, window: SyncWindow, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>>;
  list(criteria: OrderListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>>;
  /**
   * The delta feed of all orders, or (`scope.ownerId`) of one owner's customers' orders: the summaries changed in the
   * window, in change order, and (owner feed) tombstones of orders whose customer was transferred away.
   */
  feed(window: SyncWindow, page: { limit: number; startKey?: PageKey }, scope?: { ownerId?: string | undefined }): Promise<Page<OrderSummary | Tombstone>>;
  /** The customers of these ids (at most 100), for the owner feed's scope check; missing ones are absent. */
  feedCustomers(customerIds: readonly string[]): Promise<Map<string, CustomerHead>>;
  /** placed → shipped → delivered: the order and its summary, guarded by version (412) and scope (404). */
  changeStatus(current: Order, next: Order, guard: OrderWriteGuard): Promise<void>;
  /** → cancelled: as changeStatus, and puts the stock back and reverses the customer figures and aggregates. */
  cancel(current: Order, next: Order, guard: OrderWriteGuard): Promise<void>;
  /** Whether the customer has this (live) contact. */
  contactIsLive(customerId: string, contactId: string): Promise<boolean>;
  /**
   * One transaction: the order and its summary (version-guarded: 412; scope: 404), each product's stock by the
   * difference (never below zero: InsufficientStock), the customer's lifetime value, the order-value aggregate, the
   * receivables and the open-receivable item by the difference of total and balance, the recent-orders entry, the audit
   * entry. Stale (a product's price or the customer's owner changed since the read) → read again.
   */
  edit(edit: OrderEdit): Promise<{ kind: 'edited' } | Stale>;
  /** The payment, the order's new figures and the receivables, conditional on the order's version. */
  addPayment(
    current: OrderDetail,
    next: Order,
    payment: Payment,
    guard: OrderWriteGuard,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateOutcome<OrderDetail> | Stale>;
}

/** Replays of creates whose first answer is known (a retried request after a lost response). */
export interface IdempotencyStore {
  /** The first answer to this claim, if any; a record with another fingerprint → IdempotencyKeyReused (422). */
  find(claim: IdempotencyRequest, now: Date): Promise<unknown | undefined>;
}
