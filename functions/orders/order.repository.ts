import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { auditPut } from '#shared/audit/audit.writes';
import { churnKeys } from '#shared/churn/churn.keys';
import { churnOnOrderPlaced, type ChurnOnOrder } from '#shared/churn/churn.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { aggregateKeys, orderKeys, productKeys, RECENT_ORDERS_LIMIT } from '#shared/keys/orders.keys';
import { cancellationReasonsOf, oldItemOf, withConflictRetry, type TransactItem } from '#shared/db/transactions';
import { idempotencyPut } from '#shared/idempotency/idempotency.writes';
import { keyReused, DynamoDbIdempotencyStore } from './idempotency.repository';
import type {
  CreateOutcome,
  CustomerSnapshot,
  IdempotencyClaim,
  OrderListCriteria,
  OrderPlacement,
  OrderRepository,
  OrderWriteGuard,
  Page,
  PageKey,
  RecentOrders,
  Stale,
} from './order.ports';
import { insufficientStock, MAX_TRANSACTION_ITEMS, orderNotFound, customerNotFound, periodOf } from './order.rules';
import {
  ORDER_FIELDS,
  ORDER_SUMMARY_FIELDS,
  PAYMENT_FIELDS,
  RECENT_ORDER_FIELDS,
  type Order,
  type OrderDetail,
  type OrderSummary,
  type Payment,
  type RecentOrder,
} from './order.schema';
import { fromProductItem } from './product.repository';
import { recentOrderSortKey, recentOrdersOf } from './recent-orders';
import type { Product } from './product.schema';

type Item = Record<string, unknown>;
/** Conflicts on a hot product are expected under load: a few more retries than the default before 503. */
const PLACEMENT_CONFLICT_ATTEMPTS = 5;

const pick = <T>(item: Item, fields: readonly (keyof T)[]): T =>
  Object.fromEntries(fields.filter((field) => item[field as string] !== undefined).map((field) => [field, item[field as string]])) as T;

export const fromOrderItem = (item: Item): Order => pick<Order>(item, ORDER_FIELDS);
export const fromOrderSummaryItem = (item: Item): OrderSummary => pick<OrderSummary>(item, ORDER_SUMMARY_FIELDS);
export const fromPaymentItem = (item: Item): Payment => pick<Payment>(item, PAYMENT_FIELDS);

export const toOrderItem = (order: Order): Item => ({ ...orderKeys.item(order.id), entity: 'Order', ...order });

/** Index attributes of the summary: all orders by date (gsi4), orders of a status by date (gsi5). */
const summaryIndexAttributes = (order: Pick<Order, 'id' | 'orderedAt' | 'status'>): Item => {
  const sk = orderKeys.dateSortKey(order.orderedAt, order.id);
  return {
    [orderKeys.byDate.pkAttribute]: orderKeys.byDate.pk(),
    [orderKeys.byDate.skAttribute]: sk,
    [orderKeys.byStatus.pkAttribute]: orderKeys.byStatus.pk(order.status),
    [orderKeys.byStatus.skAttribute]: sk,
  };
};

export const toOrderSummaryItem = (order: Order): Item => ({
  ...orderKeys.summary(order.customerId, order.orderedAt, order.id),
  entity: 'OrderSummary',
  ...pick<OrderSummary>({ ...order, lineCount: order.lines.length }, ORDER_SUMMARY_FIELDS),
  ...summaryIndexAttributes(order),
});

export const toPaymentItem = (payment: Payment): Item => ({ ...orderKeys.payment(payment.orderId, payment.id), entity: 'Payment', ...payment });

export const toCustomerSnapshot = (item: Item): CustomerSnapshot => ({
  id: String(item.id),
  name: String(item.name),
  ownerId: String(item.ownerId),
  ...(typeof item.address === 'string' ? { address: item.address } : {}),
  status: String(item.status),
  archived: item.deletedAt !== undefined,
  ...(typeof item[churnKeys.statusAttribute] === 'string' ? { churnStatus: item[churnKeys.statusAttribute] as string } : {}),
  ...(typeof item.lastOrderAt === 'string' ? { lastOrderAt: item.lastOrderAt } : {}),
  ...(item.lifetimeValue ? { lifetimeValue: item.lifetimeValue as CustomerSnapshot['lifetimeValue'] } : {}),
});

export { recentOrdersOf };

const recentEntryOf = (order: Order): RecentOrder => pick<RecentOrder>(order as unknown as Item, RECENT_ORDER_FIELDS);

/** Order fields a status move or a payment may change; the order item and its summary get the same values. */
const MUTABLE_ORDER_FIELDS = [
  'status', 'paidAmount', 'balance', 'paymentStatus', 'shippedAt', 'deliveredAt', 'cancelledAt', 'cancelReason',
  'version', 'updatedAt', 'updatedBy',
] as const satisfies readonly (keyof Order)[];
const MUTABLE_SUMMARY_FIELDS = ['status', 'paidAmount', 'balance', 'paymentStatus', 'version', 'updatedAt', 'updatedBy'] as const;

/** `SET #a0 = :a0, …` over the given fields of `source` (absent ones skipped). */
const setExpression = (source: Item, fields: readonly string[], extra: Item = {}) => {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const clauses: string[] = [];
  const entries = [...fields.filter((field) => source[field] !== undefined).map((field) => [field, source[field]] as const), ...Object.entries(extra)];
  entries.forEach(([field, value], index) => {
    names[`#s${index}`] = field;
    values[`:s${index}`] = value;
    clauses.push(`#s${index} = :s${index}`);
  });
  return { expression: `SET ${clauses.join(', ')}`, names, values };
};

/** An order without its payments (an OrderDetail passed as an Order): payments have entries of their own. */
const stripPayments = (order: Order | OrderDetail): Order => {
  const { payments: _payments, ...rest } = order as OrderDetail;
  return rest;
};

const send = (items: TransactItem[]): TransactWriteCommand => {
  // Programming error, not input: MAX_ORDER_LINES keeps every order write below the limit (order.rules.ts).
  if (items.length > MAX_TRANSACTION_ITEMS) throw new Error(`transaction of ${items.length} items exceeds ${MAX_TRANSACTION_ITEMS}`);
  return new TransactWriteCommand({ TransactItems: items });
};

export class DynamoDbOrderRepository implements OrderRepository {
  private readonly replays: DynamoDbIdempotencyStore;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.replays = new DynamoDbIdempotencyStore(client, tableName);
  }

  private async replay<T>(claim: IdempotencyClaim): Promise<T> {
    const response = await this.replays.find(claim, new Date(0));
    if (response === undefined) throw keyReused();
    return response as T;
  }

  // ----------------------------------------------------------------------------------------- reads

  async placementContext(customerId: string, productIds: readonly string[]): Promise<{ customer?: CustomerSnapshot; products: Product[] }> {
    let keys: Item[] = [
      customerKeys.item(customerId),
      orderKeys.recent(customerId),
      ...[...new Set(productIds)].map((id) => productKeys.item(id)),
    ];
    const found: Item[] = [];
    // One BatchGetItem (≤ 51 keys of 100); DynamoDB may leave keys unprocessed under load: ask again for those.
    for (let round = 0; keys.length > 0; round += 1) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 20 * round));
      const result = await this.client.send(
        new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[this.tableName] ?? []));
      keys = (result.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Item[];
      if (round > 8 && keys.length > 0) throw new DomainError(ErrorCode.ServiceBusy, 'The service is busy; retry after a moment.', { retryAfterSeconds: 1 });
    }
    const customerItem = found.find((item) => item.sk === customerKeys.item(customerId).sk);
    const recentItem = found.find((item) => item.sk === orderKeys.recentSortKey);
    return {
      ...(customerItem ? { customer: toCustomerSnapshot(customerItem) } : {}),
      products: found.filter((item) => item.sk === 'PRODUCT').map(fromProductItem),
      ...(recentItem ? { recentOrders: { revision: Number(recentItem.revision), orders: recentOrdersOf(recentItem) } } : {}),
    };
  }

  async customer(customerId: string): Promise<CustomerSnapshot | undefined> {
    const { Item: item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: customerKeys.item(customerId), ConsistentRead: true }),
    );
    return item ? toCustomerSnapshot(item) : undefined;
  }

  /** One consistent Query over the order's item collection: the order, then its payments in time order. */
  async get(orderId: string): Promise<OrderDetail | undefined> {
    const items: Item[] = [];
    let startKey: Item | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': 'pk' },
          ExpressionAttributeValues: { ':pk': orderKeys.collection(orderId) },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      items.push(...(result.Items ?? []));
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    const head = items.find((item) => item.sk === orderKeys.item(orderId).sk);
    if (!head) return undefined;
    const payments = items.filter((item) => String(item.sk).startsWith(orderKeys.paymentPrefix)).map(fromPaymentItem);
    return { ...fromOrderItem(head), payments };
  }

  async listByCustomer(customerId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': customerKeys.item(customerId).pk, ':prefix': orderKeys.summaryPrefix },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(fromOrderSummaryItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  async list(criteria: OrderListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderSummary>> {
    const index = criteria.status ? orderKeys.byStatus : orderKeys.byDate;
    const partition = criteria.status ? orderKeys.byStatus.pk(criteria.status) : orderKeys.byDate.pk();
    // Sort keys are `<orderedAt>#<id>`: `to` itself sorts below `to#…`, so BETWEEN / < make `to` exclusive.
    const range =
      criteria.from && criteria.to ? ' AND #sk BETWEEN :from AND :to' : criteria.from ? ' AND #sk >= :from' : criteria.to ? ' AND #sk < :to' : '';
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: `#pk = :pk${range}`,
        ExpressionAttributeNames: { '#pk': index.pkAttribute, ...(range ? { '#sk': index.skAttribute } : {}) },
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(criteria.from ? { ':from': criteria.from } : {}),
          ...(criteria.to ? { ':to': criteria.to } : {}),
        },
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(fromOrderSummaryItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }

  // ----------------------------------------------------------------------------------------- placement

  async place(placement: OrderPlacement, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderDetail> | Stale> {
    const { order, customer, ownerScope, stock } = placement;
    const detail: OrderDetail = { ...order, payments: [] };
    const total = order.total.amount;
    // Lost customers: the order moves the customer's churn watch and recovers an open lost-customer record.
    const churn = churnOnOrderPlaced(
      this.tableName,
      { id: customer.id, status: customer.status, lastOrderAt: customer.lastOrderAt, churnStatus: customer.churnStatus },
      { id: order.id, orderedAt: order.orderedAt, at: order.createdAt, by: order.createdBy },
    );
    const items: TransactItem[] = [
      { Put: { TableName: this.tableName, Item: toOrderItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.tableName, Item: toOrderSummaryItem(order), ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.tableName,
          Item: { ...orderKeys.uniqueNo(order.orderNo), entity: 'UniqueOrderNo', orderId: order.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      this.customerOnPlacement(placement, churn),
      this.orderValueAggregate(order, +1),
      this.receivables(order.customerId, total, total > 0 ? 1 : 0, order.orderedAt),
      ...stock.map(
        (move): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: productKeys.item(move.productId),
            UpdateExpression: 'SET #stock = #stock - :quantity',
            // Never below zero, and at the price (version) the order was computed from.
            ConditionExpression: 'attribute_exists(#pk) AND #version = :version AND #stock >= :quantity',
            ExpressionAttributeNames: { '#pk': 'pk', '#stock': 'stockOnHand', '#version': 'version' },
            ExpressionAttributeValues: { ':quantity': move.quantity, ':version': move.expectedVersion },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        }),
      ),
      ...churn.items,
      ...this.recentOnPlacement(order, placement.recentOrders),
      ...(idempotency ? [idempotencyPut(this.tableName, idempotency, detail)] : []),
    ];
    const IDEMPOTENCY = items.length - 1;
    // audit: last — the order's creation and, when it recovers a lost customer, that record's state move.
    items.push(
      auditPut(this.tableName, {
        at: order.createdAt,
        actor: order.createdBy,
        action: 'create',
        entityType: 'order',
        entityId: order.id,
        customerId: order.customerId,
        entityVersion: order.version,
        changes: changesBetween(undefined, order),
      }),
      ...(churn.recovery ? [auditPut(this.tableName, churn.recovery)] : []),
    );
    const CUSTOMER = 3;
    const ORDER_NO = 2;
    const FIRST_PRODUCT = 6;
    try {
      await withConflictRetry(() => this.client.send(send(items)), PLACEMENT_CONFLICT_ATTEMPTS);
      return { kind: 'created', value: detail };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      const failed = (index: number) => reasons[index]?.Code === 'ConditionalCheckFailed';
      if (idempotency && failed(IDEMPOTENCY)) return { kind: 'replayed', value: await this.replay(idempotency) };
      if (failed(CUSTOMER)) {
        const old = oldItemOf(reasons[CUSTOMER]);
        if (!old || old.deletedAt !== undefined || (ownerScope !== undefined && old.ownerId !== ownerScope)) {
          throw customerNotFound(customer.id);
        }
      }
      if (failed(ORDER_NO)) {
        throw new DomainError(ErrorCode.OrderNoTaken, `Order number ${order.orderNo} is already in use.`, {
          errors: [{ path: 'body.orderNo', message: 'Already in use.' }],
        });
      }
      const shortages = stock.flatMap((move, index) => {
        if (!failed(FIRST_PRODUCT + index)) return [];
        const old = oldItemOf(reasons[FIRST_PRODUCT + index]);
        // A product changed (price, active) or vanished since it was read: not a shortage, read again.
        if (!old || old.version !== move.expectedVersion) return [];
        return [{ move, onHand: Number(old.stockOnHand) }];
      });
      if (shortages.length > 0) throw insufficientStock(shortages);
      if (reasons.some((reason) => reason.Code === 'ConditionalCheckFailed')) return { kind: 'stale' };
      throw error;
    }
  }

  /**
   * The customer's derived order fields, without touching its version (a PATCH in flight must not fail):
   * lifetime value += total; last order date only moves forward. Both are conditional on what was read, so two
   * racing placements cannot lose an update: the loser is stale and reads again.
   */
  private customerOnPlacement({ order, customer, ownerScope }: OrderPlacement, churn: ChurnOnOrder): TransactItem {
    const names: Record<string, string> = { '#pk': 'pk', '#deletedAt': 'deletedAt', '#lv': 'lifetimeValue', ...churn.names };
    const values: Record<string, unknown> = { ...churn.values };
    const sets: string[] = [...churn.sets];
    const conditions = ['attribute_exists(#pk)', 'attribute_not_exists(#deletedAt)', ...churn.conditions];
    if (ownerScope !== undefined) {
      names['#ownerId'] = 'ownerId';
      values[':ownerScope'] = ownerScope;
      conditions.push('#ownerId = :ownerScope');
    }
    if (customer.lifetimeValue) {
      names['#amount'] = 'amount';
      values[':total'] = order.total.amount;
      sets.push('#lv.#amount = #lv.#amount + :total');
      conditions.push('attribute_exists(#lv)');
    } else {
      values[':lifetimeValue'] = order.total;
      sets.push('#lv = :lifetimeValue');
      conditions.push('attribute_not_exists(#lv)');
    }
    if (customer.lastOrderAt === undefined || order.orderedAt > customer.lastOrderAt) {
      names['#lastOrderAt'] = 'lastOrderAt';
      values[':orderedAt'] = order.orderedAt;
      sets.push('#lastOrderAt = :orderedAt');
      conditions.push('(attribute_not_exists(#lastOrderAt) OR #lastOrderAt <= :orderedAt)');
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: customerKeys.item(customer.id),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /**
   * The recent-orders projection with the new order among the newest RECENT_ORDERS_LIMIT (the oldest drops out),
   * conditional on the revision read; nothing when the order is older than all of them (a back-dated order).
   */
  private recentOnPlacement(order: Order, read: RecentOrders | undefined): TransactItem[] {
    const kept = [...(read?.orders ?? []), recentEntryOf(order)]
      .sort((a, b) => (recentOrderSortKey(a) < recentOrderSortKey(b) ? 1 : -1))
      .slice(0, RECENT_ORDERS_LIMIT);
    if (!kept.some((entry) => entry.id === order.id)) return [];
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: {
            ...orderKeys.recent(order.customerId),
            entity: 'RecentOrders',
            customerId: order.customerId,
            revision: (read?.revision ?? 0) + 1,
            orders: Object.fromEntries(kept.map((entry) => [entry.id, entry])),
          },
          ConditionExpression: read ? '#revision = :revision' : 'attribute_not_exists(pk)',
          ...(read ? { ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':revision': read.revision } } : {}),
        },
      },
    ];
  }

  /**
   * The order's entry in the recent-orders projection, if it is there (an order only ever leaves it): the write
   * is first tried with it; a cancellation on this item alone means "not among the recent ones" and the write is
   * sent again without it (see sendWithRecent). The revision moves, so a placement that read before fails and reads again.
   */
  private recentEntryUpdate(next: Order): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: orderKeys.recent(next.customerId),
        UpdateExpression:
          'SET #orders.#id.#status = :status, #orders.#id.#balance = :balance, #orders.#id.#paymentStatus = :paymentStatus ADD #revision :one',
        ConditionExpression: 'attribute_exists(#orders.#id)',
        ExpressionAttributeNames: {
          '#orders': 'orders',
          '#id': next.id,
          '#status': 'status',
          '#balance': 'balance',
          '#paymentStatus': 'paymentStatus',
          '#revision': 'revision',
        },
        ExpressionAttributeValues: { ':status': next.status, ':balance': next.balance, ':paymentStatus': next.paymentStatus, ':one': 1 },
      },
    };
  }

  /**
   * Sends an order write with the recent-orders entry update appended; when the transaction is cancelled by that
   * item ALONE, the order is not among the customer's recent ones: the same write goes again without it. Any other
   * cancellation is rethrown with its reasons aligned to `items` (the appended item's reason removed).
   */
  private async sendWithRecent(items: TransactItem[], next: Order): Promise<void> {
    const recentIndex = items.length;
    try {
      await withConflictRetry(() => this.client.send(send([...items, this.recentEntryUpdate(next)])));
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      const onlyRecent =
        reasons[recentIndex]?.Code === 'ConditionalCheckFailed' &&
        reasons.every((reason, index) => index === recentIndex || reason.Code === 'None' || reason.Code === undefined);
      if (!onlyRecent) {
        (error as { CancellationReasons?: unknown[] }).CancellationReasons = reasons.slice(0, recentIndex);
        throw error;
      }
      await withConflictRetry(() => this.client.send(send(items)));
    }
  }

  /** Order value and count of the customer in the order's year, and in its month (attributes of the same item). */
  private orderValueAggregate(order: Order, sign: 1 | -1): TransactItem {
    const { year, month } = periodOf(order.orderedAt);
    return {
      Update: {
        TableName: this.tableName,
        Key: aggregateKeys.customerOrderValue(year, order.customerId),
        UpdateExpression: 'SET #entity = :entity, #customerId = :customerId, #year = :year, #currency = :currency ADD #value :value, #count :count, #mValue :value, #mCount :count',
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#customerId': 'customerId',
          '#year': 'year',
          '#currency': 'currency',
          '#value': 'orderValue',
          '#count': 'orderCount',
          '#mValue': aggregateKeys.monthValueAttribute(month),
          '#mCount': aggregateKeys.monthCountAttribute(month),
        },
        ExpressionAttributeValues: {
          ':entity': 'CustomerOrderValue',
          ':customerId': order.customerId,
          ':year': year,
          ':currency': order.total.currency,
          ':value': sign * order.total.amount,
          ':count': sign,
        },
      },
    };
  }

  /**
   * Outstanding balance and open (not fully paid) orders of the customer; the same delta on the balance of the
   * orders placed on the order's day (`outstandingD<yyyymmdd>`), from which the receivables report ages balances.
   */
  private receivables(customerId: string, outstandingDelta: number, openOrdersDelta: number, orderedAt: string): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
        Key: aggregateKeys.receivables(customerId),
        UpdateExpression: 'SET #entity = :entity, #customerId = :customerId, #currency = :currency ADD #outstanding :outstanding, #open :open, #day :outstanding',
        ExpressionAttributeNames: {
          '#entity': 'entity',
          '#customerId': 'customerId',
          '#currency': 'currency',
          '#outstanding': 'outstanding',
          '#open': 'openOrders',
          '#day': aggregateKeys.receivableDayAttribute(orderedAt),
        },
        ExpressionAttributeValues: {
          ':entity': 'CustomerReceivables',
          ':customerId': customerId,
          ':currency': 'CNY',
          ':outstanding': outstandingDelta,
          ':open': openOrdersDelta,
        },
      },
    };
  }

  // ----------------------------------------------------------------------------------------- status and payments

  /** The order item (conditional on the expected version) and its summary get the new values. */
  private orderAndSummary(current: Order, next: Order, guard: OrderWriteGuard): TransactItem[] {
    const order = setExpression(next as unknown as Item, MUTABLE_ORDER_FIELDS);
    const summary = setExpression(next as unknown as Item, MUTABLE_SUMMARY_FIELDS, {
      [orderKeys.byStatus.pkAttribute]: orderKeys.byStatus.pk(next.status),
    });
    return [
      {
        Update: {
          TableName: this.tableName,
          Key: orderKeys.item(current.id),
          UpdateExpression: order.expression,
          ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
          ExpressionAttributeNames: { ...order.names, '#pk': 'pk', '#version': 'version' },
          ExpressionAttributeValues: { ...order.values, ':expectedVersion': guard.expectedVersion },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: orderKeys.summary(current.customerId, current.orderedAt, current.id),
          UpdateExpression: summary.expression,
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { ...summary.names, '#pk': 'pk' },
          ExpressionAttributeValues: summary.values,
        },
      },
    ];
  }

  /**
   * The audit entry of an order's change. Every order write is conditional on the version `current` was read
   * at, so the diff is exactly what the committed write changed.
   */
  private orderAudit(current: Order, next: Order, action: 'update' | 'transition', note?: string): TransactItem {
    return auditPut(this.tableName, {
      at: next.updatedAt,
      actor: next.updatedBy,
      action,
      entityType: 'order',
      entityId: next.id,
      customerId: next.customerId,
      entityVersion: next.version,
      changes: changesBetween(current, next),
      ...(note === undefined ? {} : { note }),
    });
  }

  /** For a caller limited to their own customers: the order's customer must still be theirs and not archived. */
  private customerInScope(customerId: string, ownerScope: string): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope',
        ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#ownerId': 'ownerId' },
        ExpressionAttributeValues: { ':ownerScope': ownerScope },
      },
    };
  }

  /** Why a guarded order write was refused: scope first (404, no leak), then the version (412). */
  private refusal(current: Order, reasons: { Code?: string; Item?: Item }[], scopeIndex: number | undefined): DomainError | undefined {
    if (scopeIndex !== undefined && reasons[scopeIndex]?.Code === 'ConditionalCheckFailed') return orderNotFound(current.id);
    if (reasons[0]?.Code !== 'ConditionalCheckFailed') return undefined;
    const old = oldItemOf(reasons[0]);
    if (!old) return orderNotFound(current.id);
    return new DomainError(
      ErrorCode.VersionConflict,
      `Order ${current.id} has changed since you read it (now version ${String(old.version)}); read it again.`,
    );
  }

  /** Sends a guarded order write; `scopeIndex` is the item that carries the caller's scope condition, if any. */
  private async guardedWrite(current: Order, next: Order, items: TransactItem[], scopeIndex: number | undefined): Promise<void> {
    try {
      await this.sendWithRecent(items, next);
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      const refusal = reasons && this.refusal(current, reasons, scopeIndex);
      throw refusal ?? error;
    }
  }

  async changeStatus(current: Order, next: Order, guard: OrderWriteGuard): Promise<void> {
    const items = this.orderAndSummary(current, next, guard);
    const audit = this.orderAudit(current, next, 'transition');
    if (guard.ownerScope === undefined) return this.guardedWrite(current, next, [...items, audit], undefined);
    return this.guardedWrite(current, next, [...items, this.customerInScope(current.customerId, guard.ownerScope), audit], items.length);
  }

  /**
   * One transaction: the order and summary (version-guarded), every product's stock back, the customer's
   * lifetime value, the year aggregate and the receivables reversed. Refused earlier for paid orders, so the
   * whole total is still outstanding. The customer item carries the scope condition (an item may appear only
   * once in a transaction).
   */
  async cancel(current: Order, next: Order, guard: OrderWriteGuard): Promise<void> {
    const restock = new Map<string, number>();
    for (const line of current.lines) restock.set(line.productId, (restock.get(line.productId) ?? 0) + line.quantity);
    const scoped = guard.ownerScope !== undefined;
    const CUSTOMER = 2;
    const items: TransactItem[] = [
      ...this.orderAndSummary(current, next, guard),
      {
        Update: {
          TableName: this.tableName,
          Key: customerKeys.item(current.customerId),
          UpdateExpression: 'SET #lv.#amount = #lv.#amount - :total',
          ConditionExpression: scoped
            ? 'attribute_exists(#lv) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope'
            : 'attribute_exists(#lv)',
          ExpressionAttributeNames: {
            '#lv': 'lifetimeValue',
            '#amount': 'amount',
            ...(scoped ? { '#deletedAt': 'deletedAt', '#ownerId': 'ownerId' } : {}),
          },
          ExpressionAttributeValues: { ':total': current.total.amount, ...(scoped ? { ':ownerScope': guard.ownerScope } : {}) },
        },
      },
      this.orderValueAggregate(current, -1),
      this.receivables(current.customerId, -current.balance.amount, current.balance.amount > 0 ? -1 : 0, current.orderedAt),
      ...[...restock].map(
        ([productId, quantity]): TransactItem => ({
          Update: {
            TableName: this.tableName,
            Key: productKeys.item(productId),
            UpdateExpression: 'SET #stock = #stock + :quantity',
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk', '#stock': 'stockOnHand' },
            ExpressionAttributeValues: { ':quantity': quantity },
          },
        }),
      ),
      this.orderAudit(current, stripPayments(next), 'transition', next.cancelReason),
    ];
    await this.guardedWrite(current, next, items, scoped ? CUSTOMER : undefined);
  }

  async addPayment(
    current: OrderDetail,
    next: Order,
    payment: Payment,
    guard: OrderWriteGuard,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateOutcome<OrderDetail> | Stale> {
    const detail: OrderDetail = { ...next, payments: [...current.payments, payment] };
    const items: TransactItem[] = [
      ...this.orderAndSummary(current, next, guard),
      { Put: { TableName: this.tableName, Item: toPaymentItem(payment), ConditionExpression: 'attribute_not_exists(pk)' } },
      this.receivables(current.customerId, -payment.amount.amount, current.balance.amount > 0 && next.balance.amount === 0 ? -1 : 0, current.orderedAt),
      ...(guard.ownerScope === undefined ? [] : [this.customerInScope(current.customerId, guard.ownerScope)]),
      ...(idempotency ? [idempotencyPut(this.tableName, idempotency, detail)] : []),
    ];
    const IDEMPOTENCY = items.length - 1;
    // audit: last — the payment's creation, and the order's new figures (paid amount, balance, payment status).
    items.push(
      auditPut(this.tableName, {
        at: payment.createdAt,
        actor: payment.createdBy,
        action: 'create',
        entityType: 'payment',
        entityId: payment.id,
        customerId: current.customerId,
        entityVersion: payment.version,
        changes: changesBetween(undefined, payment),
      }),
      this.orderAudit(stripPayments(current), next, 'update', `Payment ${payment.id}`),
    );
    const scopeIndex = guard.ownerScope === undefined ? undefined : 4;
    try {
      await this.sendWithRecent(items, next);
      return { kind: 'created', value: detail };
    } catch (error) {
      const reasons = cancellationReasonsOf(error);
      if (!reasons) throw error;
      if (idempotency && reasons[IDEMPOTENCY]?.Code === 'ConditionalCheckFailed') {
        return { kind: 'replayed', value: await this.replay(idempotency) };
      }
      if (scopeIndex !== undefined && reasons[scopeIndex]?.Code === 'ConditionalCheckFailed') throw orderNotFound(current.id);
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        if (!oldItemOf(reasons[0])) throw orderNotFound(current.id);
        return { kind: 'stale' };
      }
      throw error;
    }
  }
}
