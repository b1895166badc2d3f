import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Tombstone } from '#shared/customer-records/delta-sync';
import { normalizeName, searchKeyOf } from '#shared/core/search-key';
import type {
  Actor,
  CreateOutcome,
  CustomerSnapshot,
  IdempotencyClaim,
  IdempotencyStore,
  OrderListCriteria,
  OrderPlacement,
  OrderRepository,
  OrderWriteGuard,
  Page,
  PageKey,
  ProductChanges,
  ProductListCriteria,
  ProductRepository,
  Stale,
} from '#functions/orders/order/order.ports';
import { insufficientStock, orderNotFound, periodOf } from '#functions/orders/order/order.rules';
import type { Order, OrderDetail, OrderSummary, Payment } from '#functions/orders/order/order.schema';
import type { Product, StockAdjustment } from '#functions/orders/products/product.schema';

const clone = <T>(value: T): T => structuredClone(value);

const keyOf = (claim: Pick<IdempotencyClaim, 'username' | 'operationId' | 'key'>) => `${claim.username}#${claim.operationId}#${claim.key}`;

const page = <T>(items: T[], sortKey: (item: T) => string, request: { limit: number; startKey?: PageKey }, descending = false): Page<T> => {
  const sorted = [...items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1) * (descending ? -1 : 1));
  const after = typeof request.startKey?.sk === 'string' ? request.startKey.sk : undefined;
  const remaining = after === undefined ? sorted : sorted.filter((item) => (descending ? sortKey(item) < after : sortKey(item) > after));
  const slice = remaining.slice(0, request.limit);
  const last = slice.at(-1);
  return { items: slice, ...(remaining.length > request.limit && last ? { lastKey: { sk: sortKey(last) } } : {}) };
};

/**
 * In-memory products, orders, payments, customer figures and aggregates with the same observable rules as the
 * DynamoDB repositories (conditions, all-or-nothing writes, stale reads, idempotency records), for fast use-case
 * tests. `beforeWrite` lets a test change the state between a use case's read and its write.
 */
export class InMemoryOrdersStore {
  readonly products = new Map<string, Product>();
  readonly codes = new Set<string>();
  readonly adjustments: StockAdjustment[] = [];
  readonly customers = new Map<string, CustomerSnapshot>();
  readonly orders = new Map<string, Order>();
  readonly payments = new Map<string, Payment[]>();
  readonly orderNos = new Set<string>();
  /** Live contacts, as `<customerId>#<contactId>`. */
  readonly contacts = new Set<string>();
  /** `<year>#<customerId>` → order value and count, with per-month figures. */
  readonly aggregates = new Map<string, { orderValue: number; orderCount: number; months: Record<string, { value: number; count: number }> }>();
  readonly receivables = new Map<string, { outstanding: number; openOrders: number }>();
  readonly idempotencyRecords = new Map<string, { fingerprint: string; response: unknown }>();
  /**
   * The owner feed as the index holds it where it differs from the customer's owner now (a transfer whose move has
   * not run yet): order id → owner partition; and the `transferred` tombstones a move left in previous owners' feeds.
   */
  readonly feedOwners = new Map<string, string>();
  readonly feedTombstones: (Tombstone & { ownerId: string })[] = [];
  /** Successful writes (one per transaction). */
  writes = 0;
  beforeWrite: (() => void) | undefined;

  private claimed<T>(claim: IdempotencyClaim | undefined): CreateOutcome<T> | undefined {
    const record = claim && this.idempotencyRecords.get(keyOf(claim));
    if (!record || !claim) return undefined;
    if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
    return { kind: 'replayed', value: clone(record.response) as T };
  }

  private commit(claim: IdempotencyClaim | undefined, response: unknown): void {
    if (claim) this.idempotencyRecords.set(keyOf(claim), { fingerprint: claim.fingerprint, response: clone(response) });
    this.writes += 1;
  }

  private hook(): void {
    const hook = this.beforeWrite;
    this.beforeWrite = undefined;
    hook?.();
  }

  addCustomer(customer: Omit<CustomerSnapshot, 'archived'> & { archived?: boolean }): void {
    this.customers.set(customer.id, { archived: false, ...customer });
  }

  private aggregate(order: Order, sign: 1 | -1): void {
    const { year, month } = periodOf(order.orderedAt);
    const key = `${year}#${order.customerId}`;
    const item = this.aggregates.get(key) ?? { orderValue: 0, orderCount: 0, months: {} };
    const monthly = item.months[month] ?? { value: 0, count: 0 };
    item.orderValue += sign * order.total.amount;
    item.orderCount += sign;
    item.months[month] = { value: monthly.value + sign * order.total.amount, count: monthly.count + sign };
    this.aggregates.set(key, item);
  }

  private receive(customerId: string, outstanding: number, openOrders: number): void {
    const item = this.receivables.get(customerId) ?? { outstanding: 0, openOrders: 0 };
    this.receivables.set(customerId, { outstanding: item.outstanding + outstanding, openOrders: item.openOrders + openOrders });
  }

  // ----------------------------------------------------------------------------------------- products

  readonly productRepository: ProductRepository = {
    create: async (product, opening, claim) => {
      this.hook();
      const replay = this.claimed<Product>(claim);
      if (replay) return replay;
      if (this.codes.has(product.code)) throw new DomainError(ErrorCode.ProductCodeTaken, 'taken');
      this.codes.add(product.code);
      this.products.set(product.id, clone(product));
      if (opening) this.adjustments.push(clone(opening));
      this.commit(claim, product);
      return { kind: 'created', value: clone(product) };
    },
    get: async (productId) => clone(this.products.get(productId)),
    update: async (productId: string, changes: ProductChanges, guard: { expectedVersion: number }, actor: Actor) => {
      this.hook();
      const current = this.products.get(productId);
      if (!current) throw new DomainError(ErrorCode.ProductNotFound, 'not found');
      if (current.version !== guard.expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
      const next: Record<string, unknown> = { ...current };
      for (const [field, value] of Object.entries(changes)) {
        if (value === null) delete next[field];
        else if (value !== undefined) next[field] = value;
      }
      const updated = { ...next, version: current.version + 1, updatedAt: actor.at, updatedBy: actor.username } as Product;
      this.products.set(productId, updated);
      this.writes += 1;
      return clone(updated);
    },
    adjustStock: async (adjustment, claim) => {
      this.hook();
      const replay = this.claimed<StockAdjustment>(claim);
      if (replay) return replay;
      const product = this.products.get(adjustment.productId);
      if (!product) throw new DomainError(ErrorCode.ProductNotFound, 'not found');
      if (product.stockOnHand + adjustment.delta < 0) throw new DomainError(ErrorCode.InsufficientStock, 'below zero');
      product.stockOnHand += adjustment.delta;
      this.adjustments.push(clone(adjustment));
      this.commit(claim, adjustment);
      return { kind: 'created', value: clone(adjustment) };
    },
    list: async (criteria: ProductListCriteria, request) => {
      const sortKey = (product: Product) => `${searchKeyOf(product.name)}#${product.id}`;
      const matches = [...this.products.values()]
        .filter((product) => (criteria.search ? sortKey(product).startsWith(criteria.search.keyPrefix) : true))
        .filter((product) => (criteria.search?.namePrefix ? normalizeName(product.name).startsWith(criteria.search.namePrefix) : true))
        .filter((product) => (criteria.active === undefined ? true : product.active === criteria.active));
      return page(matches.map(clone), sortKey, request);
    },
  };

  // ----------------------------------------------------------------------------------------- orders

  private detail(order: Order): OrderDetail {
    return clone({ ...order, payments: this.payments.get(order.id) ?? [] });
  }

  private summary(order: Order): OrderSummary {
    const { id, orderNo, customerId, customerName, status, orderedAt, total, paidAmount, balance, paymentStatus, version, createdAt, createdBy, updatedAt, updatedBy } = order;
    return clone({ id, orderNo, customerId, customerName, status, orderedAt, total, paidAmount, balance, paymentStatus, version, createdAt, createdBy, updatedAt, updatedBy, lineCount: order.lines.length });
  }

  /** Scope first (404, no leak), then the version (412). */
  private guarded(current: Order, guard: OrderWriteGuard): void {
    const stored = this.orders.get(current.id);
    if (!stored) throw orderNotFound(current.id);
    if (guard.ownerScope !== undefined) {
      const customer = this.customers.get(current.customerId);
      if (!customer || customer.archived || customer.ownerId !== guard.ownerScope) throw orderNotFound(current.id);
    }
    if (stored.version !== guard.expectedVersion) throw new DomainError(ErrorCode.VersionConflict, 'stale');
  }

  readonly orderRepository: OrderRepository = {
    placementContext: async (customerId, productIds) => ({
      ...(this.customers.has(customerId) ? { customer: clone(this.customers.get(customerId)!) } : {}),
      products: productIds.flatMap((id) => (this.products.has(id) ? [clone(this.products.get(id)!)] : [])),
    }),
    customer: async (customerId) => clone(this.customers.get(customerId)),
    place: async (placement: OrderPlacement, claim?: IdempotencyClaim): Promise<CreateOutcome<OrderDetail> | Stale> => {
      this.hook();
      const replay = this.claimed<OrderDetail>(claim);
      if (replay) return replay;
      const { order, ownerScope } = placement;
      const customer = this.customers.get(order.customerId);
      if (!customer || customer.archived || (ownerScope !== undefined && customer.ownerId !== ownerScope)) {
        throw new DomainError(ErrorCode.CustomerNotFound, 'not found');
      }
      if (this.orderNos.has(order.orderNo)) throw new DomainError(ErrorCode.OrderNoTaken, 'taken');
      const shortages = placement.stock.flatMap((move) => {
        const product = this.products.get(move.productId);
        return product && product.version === move.expectedVersion && product.stockOnHand < move.quantity ? [{ move, onHand: product.stockOnHand }] : [];
      });
      if (shortages.length > 0) throw insufficientStock(shortages);
      const staleProduct = placement.stock.some((move) => this.products.get(move.productId)?.version !== move.expectedVersion);
      const staleCustomer =
        customer.lastOrderAt !== placement.customer.lastOrderAt ||
        customer.lifetimeValue?.amount !== placement.customer.lifetimeValue?.amount;
      if (staleProduct || staleCustomer) return { kind: 'stale' };

      for (const move of placement.stock) this.products.get(move.productId)!.stockOnHand -= move.quantity;
      this.customers.set(customer.id, {
        ...customer,
        lastOrderAt: customer.lastOrderAt && customer.lastOrderAt > order.orderedAt ? customer.lastOrderAt : order.orderedAt,
        lifetimeValue: { amount: (customer.lifetimeValue?.amount ?? 0) + order.total.amount, currency: order.total.currency },
      });
      this.orders.set(order.id, clone(order));
      this.orderNos.add(order.orderNo);
      this.aggregate(order, 1);
      this.receive(order.customerId, order.total.amount, order.total.amount > 0 ? 1 : 0);
      const detail = this.detail(order);
      this.commit(claim, detail);
      return { kind: 'created', value: detail };
    },
    get: async (orderId) => {
      const order = this.orders.get(orderId);
      return order && this.detail(order);
    },
    listByCustomer: async (customerId, request) =>
      page(
        [...this.orders.values()].filter((order) => order.customerId === customerId).map((order) => this.summary(order)),
        (order) => `${order.orderedAt}#${order.id}`,
        request,
        true,
      ),
    feedByCustomer: async (customerId, window, request) =>
      page(
        [...this.orders.values()]
          .filter((order) => order.customerId === customerId && order.updatedAt >= window.since && order.updatedAt < window.until)
          .map((order) => this.summary(order)),
        (order) => `${order.orderedAt}#${order.id}`,
        request,
        false,
      ),
    // The owner feed: the orders filed under the owner (their customer's now, unless `feedOwners` says a move has
    // not run) and the tombstones left in the owner's partition, in change order.
    feed: async (window, request, scope) => {
      const inWindow = (at: string) => at >= window.since && at < window.until;
      const owner = scope?.ownerId;
      const summaries: (OrderSummary | Tombstone)[] = [...this.orders.values()]
        .filter((order) => inWindow(order.updatedAt))
        .filter((order) => owner === undefined || (this.feedOwners.get(order.id) ?? this.customers.get(order.customerId)?.ownerId) === owner)
        .map((order) => this.summary(order));
      const tombstones = owner === undefined ? [] : this.feedTombstones.filter((stone) => stone.ownerId === owner && inWindow(stone.deletedAt));
      const stones: Tombstone[] = tombstones.map(({ ownerId: _owner, ...stone }) => stone);
      return page([...summaries, ...stones], (item) => `${'deleted' in item ? item.deletedAt : item.updatedAt}#${item.id}`, request);
    },
    feedCustomers: async (customerIds) =>
      new Map(
        customerIds.flatMap((id) => {
          const customer = this.customers.get(id);
          return customer ? [[id, { id, ownerId: customer.ownerId, ...(customer.archived ? { deletedAt: 'archived' } : {}) }] as const] : [];
        }),
      ),
    list: async (criteria: OrderListCriteria, request) =>
      page(
        [...this.orders.values()]
          .filter((order) => (criteria.status ? order.status === criteria.status : true))
          .filter((order) => (criteria.from ? `${order.orderedAt}#${order.id}` >= criteria.from : true))
          .filter((order) => (criteria.to ? `${order.orderedAt}#${order.id}` < criteria.to : true))
          .map((order) => this.summary(order)),
        (order) => `${order.orderedAt}#${order.id}`,
        request,
        true,
      ),
    changeStatus: async (current, next, guard) => {
      this.hook();
      this.guarded(current, guard);
      this.orders.set(current.id, clone(next));
      this.writes += 1;
    },
    cancel: async (current, next, guard) => {
      this.hook();
      this.guarded(current, guard);
      for (const line of current.lines) this.products.get(line.productId)!.stockOnHand += line.quantity;
      const customer = this.customers.get(current.customerId)!;
      this.customers.set(customer.id, {
        ...customer,
        lifetimeValue: { amount: customer.lifetimeValue!.amount - current.total.amount, currency: current.total.currency },
      });
      this.aggregate(current, -1);
      this.receive(current.customerId, -current.balance.amount, current.balance.amount > 0 ? -1 : 0);
      this.orders.set(current.id, clone(next));
      this.writes += 1;
    },
    contactIsLive: async (customerId, contactId) => this.contacts.has(`${customerId}#${contactId}`),
    edit: async ({ current, next, stock, customer: read, guard }) => {
      this.hook();
      this.guarded(current, guard);
      if (read) {
        const shortages = stock.flatMap((move) => {
          const product = this.products.get(move.productId)!;
          const move_ = { productId: move.productId, productCode: move.productCode, quantity: move.delta, expectedVersion: 0, lineIndex: Math.max(move.lineIndex, 0) };
          return move.delta > 0 && product.stockOnHand < move.delta ? [{ move: move_, onHand: product.stockOnHand }] : [];
        });
        if (shortages.length > 0) throw insufficientStock(shortages);
        const staleProduct = stock.some((move) => move.expectedVersion !== undefined && this.products.get(move.productId)!.version !== move.expectedVersion);
        const customer = this.customers.get(current.customerId)!;
        if (staleProduct || customer.ownerId !== read.ownerId) return { kind: 'stale' };
        for (const move of stock) this.products.get(move.productId)!.stockOnHand -= move.delta;
        const delta = next.total.amount - current.total.amount;
        this.customers.set(customer.id, { ...customer, lifetimeValue: { amount: customer.lifetimeValue!.amount + delta, currency: current.total.currency } });
        const { year, month } = periodOf(current.orderedAt);
        const aggregate = this.aggregates.get(`${year}#${current.customerId}`)!;
        aggregate.orderValue += delta;
        aggregate.months[month]!.value += delta;
        const open = (order: Order) => (order.balance.amount > 0 ? 1 : 0);
        this.receive(current.customerId, next.balance.amount - current.balance.amount, open(next) - open(current));
      }
      this.orders.set(current.id, clone(next));
      this.writes += 1;
      return { kind: 'edited' };
    },
    addPayment: async (current, next, payment, guard, claim) => {
      this.hook();
      const replay = this.claimed<OrderDetail>(claim);
      if (replay) return replay;
      try {
        this.guarded(current, guard);
      } catch (error) {
        if ((error as DomainError).code === ErrorCode.VersionConflict) return { kind: 'stale' };
        throw error;
      }
      this.orders.set(current.id, clone(next));
      this.payments.set(current.id, [...(this.payments.get(current.id) ?? []), clone(payment)]);
      this.receive(current.customerId, -payment.amount.amount, current.balance.amount > 0 && next.balance.amount === 0 ? -1 : 0);
      const detail = this.detail(next);
      this.commit(claim, detail);
      return { kind: 'created', value: detail };
    },
  };

  readonly idempotencyStore: IdempotencyStore = {
    find: async (claim) => {
      const record = this.idempotencyRecords.get(keyOf(claim));
      if (!record) return undefined;
      if (record.fingerprint !== claim.fingerprint) throw new DomainError(ErrorCode.IdempotencyKeyReused, 'reused');
      return clone(record.response);
    },
  };
}
