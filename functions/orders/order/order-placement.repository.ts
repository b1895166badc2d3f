import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { churnOnOrderPlaced, type ChurnOnOrder } from '#shared/churn/churn.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, parts, refusedParts, withConflictRetry, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, type UpdatePlan } from '#shared/db/update-expression';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { sortKeySet } from '#shared/customer-records/customer-sort-indexes';
import { customerTouchParts, laterOf } from '#shared/customer-records/customer-touch';
import { ownerFeedPartitionOf } from '#shared/customer-records/owner-feed';
import { receivableOnPlacement } from '#shared/dunning/receivable.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { productKeys, RECENT_ORDERS_LIMIT } from '#shared/keys/orders.keys';
import { orderValueAggregate, receivablesUpdate } from './order-aggregates.writes';
import { orderEntity } from './order.entity';
import type { CreateOutcome, IdempotencyClaim, OrderPlacement, RecentOrders, Stale, StockMove } from './order.ports';
import { assertFitsOneTransaction, customerNotFound, insufficientStock } from './order.rules';
import type { Order, OrderDetail } from './order.schema';
import { orderSummaryEntity, summaryOf } from './order-summary.entity';
import { recentEntryOf, recentOrderSortKey, recentOrdersEntity } from './recent-orders.entity';
import { uniqueOrderNoEntity } from './unique-order-no.entity';

/** Conflicts on a hot product are expected under load: a few more retries than the default before 503. */
const PLACEMENT_CONFLICT_ATTEMPTS = 5;

/** A product's stock line in a placement: one label per product, so every product that refused is named. */
const stockLabel = (productId: string) => `stock:${productId}` as const;
export type PlacementLabel =
  | 'order' | 'summary' | 'orderNo' | 'customer' | 'orderValue' | 'receivables' | ReturnType<typeof stockLabel>
  | 'churn' | 'recent' | 'dunning' | 'idempotency' | 'audit';

const putNew = (tableName: string, item: Record<string, unknown>): TransactItem => ({
  Put: { TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' },
});

/** Placing an order: the one transaction that writes it and everything it moves. */
export class DynamoDbOrderPlacement {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async place(placement: OrderPlacement, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderDetail> | Stale> {
    const sent = this.placementParts(placement, idempotency);
    assertFitsOneTransaction(sent.length);
    try {
      await withConflictRetry(
        () => this.client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })),
        PLACEMENT_CONFLICT_ATTEMPTS,
      );
      return { kind: 'created', value: { ...placement.order, payments: [] } };
    } catch (error) {
      const refused = refusedParts(error, sent);
      if (!refused) throw error;
      return this.explainRefusal(placement, refused, idempotency);
    }
  }

  /**
   * The labelled parts of a placement's one transaction; a caller that places an order as part of its own write
   * (accepting a quote, functions/orders/quotes/) sends them with its own parts and explains a refusal of them
   * with `explainRefusal`.
   */
  placementParts(placement: OrderPlacement, idempotency?: IdempotencyClaim): TransactionPart<PlacementLabel>[] {
    const { order, customer, stock } = placement;
    const detail: OrderDetail = { ...order, payments: [] };
    const total = order.total.amount;
    // The order moves the customer's churn watch and recovers an open lost-customer record (docs/data-model.md,
    // "Lost customers and the churn watch").
    const churn = churnOnOrderPlaced(
      this.tableName,
      { id: customer.id, status: customer.status, lastOrderAt: customer.lastOrderAt, churnStatus: customer.churnStatus },
      { id: order.id, orderedAt: order.orderedAt, at: order.createdAt, by: order.createdBy },
    );
    const sent: TransactionPart<PlacementLabel>[] = [
      part('order', putNew(this.tableName, orderEntity.toItem(order))),
      // In the customer's owner's orders feed too (shared/customer-records/owner-feed.ts; the customer is held to that owner below).
      part('summary', putNew(this.tableName, { ...orderSummaryEntity.toItem(summaryOf(order)), ...ownerFeedPartitionOf('order', customer.ownerId) })),
      part('orderNo', putNew(this.tableName, uniqueOrderNoEntity.toItem({ orderNo: order.orderNo, orderId: order.id }))),
      part('customer', this.customerOnPlacement(placement, churn)),
      part('orderValue', orderValueAggregate(this.tableName, order, +1)),
      part('receivables', receivablesUpdate(this.tableName, order.customerId, total, total > 0 ? 1 : 0, order.orderedAt, order.dueAt)),
      ...stock.map((move) => part(stockLabel(move.productId), this.stockTaken(move))),
      ...parts('churn', churn.items),
      ...parts('recent', this.recentOnPlacement(order, placement.recentOrders)),
      // The open-receivable index item and the owner's overdue reminder (shared/dunning/receivable.writes.ts).
      ...parts('dunning', receivableOnPlacement(this.tableName, order, customer.ownerId)),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, detail))] : []),
      // Last: the order's creation and, when it recovers a lost customer, that record's state move.
      part(
        'audit',
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
      ),
      ...(churn.recovery ? [part('audit', auditPut(this.tableName, churn.recovery))] : []),
    ];
    return sent;
  }

  /** Why the placement's parts refused: a replay, 404, 409 (number taken, stock short) or stale (read again). */
  async explainRefusal(
    placement: OrderPlacement,
    refused: RefusedParts<PlacementLabel>,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateOutcome<OrderDetail> | Stale> {
    const { order, customer, ownerScope, stock } = placement;
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<OrderDetail>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    if (refused.has('customer')) {
      const old = refused.old('customer');
      if (!old || old.deletedAt !== undefined || (ownerScope !== undefined && old.ownerId !== ownerScope)) throw customerNotFound(customer.id);
    }
    if (refused.has('orderNo')) {
      throw new DomainError(ErrorCode.OrderNoTaken, `Order number ${order.orderNo} is already in use.`, {
        errors: [{ path: 'body.orderNo', message: 'Already in use.' }],
      });
    }
    const shortages = stock.flatMap((move) => {
      const label = stockLabel(move.productId);
      if (!refused.has(label)) return [];
      const old = refused.old(label);
      // A product changed (price, active) or vanished since it was read: not a shortage, read again.
      if (!old || old.version !== move.expectedVersion) return [];
      return [{ move, onHand: Number(old.stockOnHand) }];
    });
    if (shortages.length > 0) throw insufficientStock(shortages);
    return { kind: 'stale' };
  }

  /** The stock a product gives to the order: never below zero, and at the price (version) the order was computed from. */
  private stockTaken(move: StockMove): TransactItem {
    return conditionalUpdate(this.tableName, productKeys.item(move.productId), buildUpdateExpression({ increment: { stockOnHand: -move.quantity } }), {
      ConditionExpression: 'attribute_exists(#pk) AND #version = :version AND #stock >= :quantity',
      names: { '#pk': 'pk', '#stock': 'stockOnHand', '#version': 'version' },
      values: { ':quantity': move.quantity, ':version': move.expectedVersion },
    });
  }

  /**
   * The customer's derived order fields, without touching its version (a PATCH in flight must not fail):
   * lifetime value += total; last order date only moves forward; the churn watch moves with it. All of it is
   * conditional on what was read, so two racing placements cannot lose an update: the loser is stale and reads again.
   */
  private customerOnPlacement({ order, customer, ownerScope }: OrderPlacement, churn: ChurnOnOrder): TransactItem {
    const set: Record<string, unknown> = { ...churn.plan.set };
    const plan: UpdatePlan = { set, copy: { ...churn.plan.copy } };
    const names: Record<string, string> = { '#pk': 'pk', '#deletedAt': 'deletedAt', '#lv': 'lifetimeValue', ...churn.condition.names };
    const values: Record<string, unknown> = { ...churn.condition.values };
    const conditions = ['attribute_exists(#pk)', 'attribute_not_exists(#deletedAt)', `(${churn.condition.ConditionExpression})`];
    names['#ownerId'] = 'ownerId';
    if (ownerScope !== undefined) {
      values[':ownerScope'] = ownerScope;
      conditions.push('#ownerId = :ownerScope');
    }
    // The owner the summary is filed under in the orders feed: a transfer since the read makes the placement stale
    // (read again; an account manager who lost the customer then gets 404).
    values[':feedOwner'] = customer.ownerId;
    conditions.push('#ownerId = :feedOwner');
    if (customer.lifetimeValue) {
      plan.increment = { 'lifetimeValue.amount': order.total.amount };
      conditions.push('attribute_exists(#lv)');
    } else {
      set.lifetimeValue = order.total;
      conditions.push('attribute_not_exists(#lv)');
    }
    // The new lifetime value (and last order date) is a change of the customer: its updatedAt and update-time index
    // keys move too, forward only, never its version. A later stamp written meanwhile refuses this: stale, read again.
    const touch = customerTouchParts(customer.id, laterOf(order.createdAt, customer.updatedAt));
    Object.assign(set, touch.set);
    Object.assign(names, touch.names);
    Object.assign(values, touch.values);
    conditions.push(touch.condition);
    if (customer.lastOrderAt === undefined || order.orderedAt > customer.lastOrderAt) {
      names['#lastOrderAt'] = 'lastOrderAt';
      values[':orderedAt'] = order.orderedAt;
      set.lastOrderAt = order.orderedAt;
      // The customer's place in the lists by last order (shared/customer-records/customer-sort-indexes.ts).
      Object.assign(set, sortKeySet('lastOrderAt', customer.id, order.orderedAt));
      conditions.push('(attribute_not_exists(#lastOrderAt) OR #lastOrderAt <= :orderedAt)');
    }
    return conditionalUpdate(this.tableName, customerKeys.item(customer.id), buildUpdateExpression(plan), {
      ConditionExpression: conditions.join(' AND '),
      names,
      values,
    });
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
    const item = recentOrdersEntity.toItem({
      customerId: order.customerId,
      revision: (read?.revision ?? 0) + 1,
      orders: Object.fromEntries(kept.map((entry) => [entry.id, entry])),
    });
    return [
      {
        Put: {
          TableName: this.tableName,
          Item: item,
          ConditionExpression: read ? '#revision = :revision' : 'attribute_not_exists(pk)',
          ...(read ? { ExpressionAttributeNames: { '#revision': 'revision' }, ExpressionAttributeValues: { ':revision': read.revision } } : {}),
        },
      },
    ];
  }
}
