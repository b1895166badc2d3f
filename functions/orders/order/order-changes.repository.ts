import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { receivableOnCancel, receivableOnPayment } from '#shared/dunning/receivable.writes';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { customerTouchParts, laterStampOf } from '#shared/customer-records/customer-touch';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys, productKeys } from '#shared/keys/orders.keys';
import { orderValueAggregate, receivablesUpdate } from './order-aggregates.writes';
import { MUTABLE_ORDER_FIELDS } from './order.entity';
import type { CreateOutcome, IdempotencyClaim, OrderWriteGuard, Stale } from './order.ports';
import { assertFitsOneTransaction, orderNotFound } from './order.rules';
import type { Order, OrderDetail, Payment } from './order.schema';
import { MUTABLE_SUMMARY_FIELDS, orderSummaryEntity, summaryOf } from './order-summary.entity';
import { paymentEntity } from './payment.entity';
import { orderAudit } from './order-audit.writes';

type ChangeLabel =
  | 'order' | 'summary' | 'customer' | 'scope' | 'orderValue' | 'receivables' | 'dunning' | 'stock' | 'payment' | 'recent' | 'idempotency' | 'audit';
type ChangePart = TransactionPart<ChangeLabel>;

/** Attempts of a cancel whose customer was stamped later by another writer meanwhile. */
const CANCEL_TOUCH_ATTEMPTS = 3;

/** The fields of `source` among `fields`, absent ones left out. */
const definedFields = (source: object, fields: readonly string[]): Record<string, unknown> =>
  Object.fromEntries(fields.map((field) => [field, (source as Item)[field]]).filter(([, value]) => value !== undefined));

/** An order without its payments (an OrderDetail passed as an Order): payments have entries of their own. */
const stripPayments = (order: Order | OrderDetail): Order => {
  const { payments: _payments, ...rest } = order as OrderDetail;
  return rest;
};

/**
 * A refusal no rule explains (an item that cannot be missing was): the cancellation as it came, so a conflict or
 * throttling reason beside it still answers 409 / 503; otherwise a server error, as any other failure.
 */
const unexplained = (refused: RefusedParts<ChangeLabel>): unknown => refused.error;

/** Changing a placed order: its status (cancelling included) and its payments. */
export class DynamoDbOrderChanges {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async changeStatus(current: Order, next: Order, guard: OrderWriteGuard): Promise<void> {
    const sent = [
      ...this.orderAndSummary(current, next, guard),
      ...(guard.ownerScope === undefined ? [] : [part('scope', this.customerInScope(current.customerId, guard.ownerScope))]),
      part('audit', orderAudit(this.tableName, current, next, { action: 'transition' })),
    ];
    await this.guardedWrite(current, next, sent, guard.ownerScope === undefined ? undefined : 'scope');
  }

  /**
   * One transaction: the order and summary (version-guarded), every product's stock back, the customer's
   * lifetime value, the year aggregate and the receivables (the open balance) reversed. A paid order keeps its paid
   * amount, refunded apart (functions/orders/returns/). The customer item carries the scope condition (an item may appear only
   * once in a transaction).
   */
  async cancel(current: Order, next: Order, guard: OrderWriteGuard): Promise<void> {
    const restock = new Map<string, number>();
    for (const line of current.lines) restock.set(line.productId, (restock.get(line.productId) ?? 0) + line.quantity);
    const scoped = guard.ownerScope !== undefined;
    // The lifetime value falls: a change of the customer, so its updatedAt (and update-time index keys) move to the
    // cancel's stamp too — forward only, never its version (shared/customer-records/customer-touch.ts).
    const customer = (at: string) => {
      const touch = customerTouchParts(current.customerId, at);
      return conditionalUpdate(
        this.tableName,
        customerKeys.item(current.customerId),
        buildUpdateExpression({ set: touch.set, increment: { 'lifetimeValue.amount': -current.total.amount } }),
        scoped
          ? {
              ConditionExpression: `attribute_exists(#lv) AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope AND ${touch.condition}`,
              names: { '#lv': 'lifetimeValue', '#deletedAt': 'deletedAt', '#ownerId': 'ownerId', ...touch.names },
              values: { ':ownerScope': guard.ownerScope, ...touch.values },
            }
          : { ConditionExpression: `attribute_exists(#lv) AND ${touch.condition}`, names: { '#lv': 'lifetimeValue', ...touch.names }, values: touch.values },
      );
    };
    const build = (at: string): ChangePart[] => [
      ...this.orderAndSummary(current, next, guard),
      part('customer', customer(at)),
      part('orderValue', orderValueAggregate(this.tableName, current, -1)),
      part('receivables', receivablesUpdate(this.tableName, current.customerId, -current.balance.amount, current.balance.amount > 0 ? -1 : 0, current.orderedAt, current.dueAt)),
      ...parts('dunning', receivableOnCancel(this.tableName, current)),
      ...parts(
        'stock',
        [...restock].map(([productId, quantity]) =>
          conditionalUpdate(this.tableName, productKeys.item(productId), buildUpdateExpression({ increment: { stockOnHand: quantity } }), {
            ConditionExpression: 'attribute_exists(#pk)',
            names: { '#pk': 'pk' },
          }),
        ),
      ),
      part('audit', orderAudit(this.tableName, current, stripPayments(next), { action: 'transition', note: next.cancelReason })),
    ];
    // Another writer stamped the customer later meanwhile: the same write again with that stamp.
    let stamp = next.updatedAt;
    for (let attempt = 1; ; attempt += 1) {
      const refused = await this.sendWithRecent(build(stamp), next);
      const later = refused?.has('customer') ? laterStampOf(refused.old('customer'), stamp) : undefined;
      if (later === undefined || attempt >= CANCEL_TOUCH_ATTEMPTS) {
        this.judge(current, refused, scoped ? 'customer' : undefined);
        return;
      }
      stamp = later;
    }
  }

  async addPayment(
    current: OrderDetail,
    next: Order,
    payment: Payment,
    guard: OrderWriteGuard,
    idempotency?: IdempotencyClaim,
  ): Promise<CreateOutcome<OrderDetail> | Stale> {
    const detail: OrderDetail = { ...next, payments: [...current.payments, payment] };
    const paidOff = current.balance.amount > 0 && next.balance.amount === 0;
    const sent: ChangePart[] = [
      ...this.orderAndSummary(current, next, guard),
      part('payment', { Put: { TableName: this.tableName, Item: paymentEntity.toItem(payment), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('receivables', receivablesUpdate(this.tableName, current.customerId, -payment.amount.amount, paidOff ? -1 : 0, current.orderedAt, current.dueAt)),
      ...parts('dunning', receivableOnPayment(this.tableName, current, next)),
      ...(guard.ownerScope === undefined ? [] : [part('scope', this.customerInScope(current.customerId, guard.ownerScope))]),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, detail))] : []),
      // Last: the payment's creation, and the order's new figures (paid amount, balance, payment status).
      part(
        'audit',
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
      ),
      part('audit', orderAudit(this.tableName, stripPayments(current), next, { note: `Payment ${payment.id}` })),
    ];
    const refused = await this.sendWithRecent(sent, next);
    if (!refused) return { kind: 'created', value: detail };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<OrderDetail>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('order')) {
      if (!refused.old('order')) throw orderNotFound(current.id);
      return { kind: 'stale' };
    }
    throw unexplained(refused);
  }

  /** The order item (conditional on the expected version) and its summary get the new values. */
  private orderAndSummary(current: Order, next: Order, guard: OrderWriteGuard): ChangePart[] {
    const summary = summaryOf(next);
    return [
      part(
        'order',
        conditionalUpdate(this.tableName, orderKeys.item(current.id), buildUpdateExpression({ set: definedFields(next, MUTABLE_ORDER_FIELDS) }), {
          ConditionExpression: 'attribute_exists(#pk) AND #version = :expectedVersion',
          names: { '#pk': 'pk', '#version': 'version' },
          values: { ':expectedVersion': guard.expectedVersion },
        }),
      ),
      part(
        'summary',
        conditionalUpdate(
          this.tableName,
          orderKeys.summary(current.customerId, current.orderedAt, current.id),
          // The index attributes follow the new status (the orders-by-status index).
          buildUpdateExpression({ set: { ...definedFields(summary, MUTABLE_SUMMARY_FIELDS), ...orderSummaryEntity.indexAttributes(summary) } }),
          { ConditionExpression: 'attribute_exists(#pk)', names: { '#pk': 'pk' } },
        ),
      ),
    ];
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

  /**
   * Sends a guarded order write. Refusals: the part carrying the caller's scope (`scopeLabel`) first (404, no
   * leak), then the order's version (412; a vanished order is 404).
   */
  private async guardedWrite(current: Order, next: Order, sent: ChangePart[], scopeLabel: ChangeLabel | undefined): Promise<void> {
    this.judge(current, await this.sendWithRecent(sent, next), scopeLabel);
  }

  /** Why a guarded order write was refused (nothing when it committed). */
  private judge(current: Order, refused: RefusedParts<ChangeLabel> | undefined, scopeLabel: ChangeLabel | undefined): void {
    if (!refused) return;
    if (scopeLabel !== undefined && refused.has(scopeLabel)) throw orderNotFound(current.id);
    if (!refused.has('order')) throw unexplained(refused);
    const old = refused.old('order');
    if (!old) throw orderNotFound(current.id);
    throw new DomainError(
      ErrorCode.VersionConflict,
      `Order ${current.id} has changed since you read it (now version ${String(old.version)}); read it again.`,
    );
  }

  /**
   * The order's entry in the recent-orders projection, if it is there (an order only ever leaves it). The
   * revision moves, so a placement that read before fails and reads again.
   */
  private recentEntryUpdate(next: Order): TransactItem {
    const entry = `orders.${next.id}`;
    return conditionalUpdate(
      this.tableName,
      orderKeys.recent(next.customerId),
      buildUpdateExpression({
        set: { [`${entry}.status`]: next.status, [`${entry}.balance`]: next.balance, [`${entry}.paymentStatus`]: next.paymentStatus },
        add: { revision: 1 },
      }),
      { ConditionExpression: 'attribute_exists(#orders.#id)', names: { '#orders': 'orders', '#id': next.id } },
    );
  }

  /**
   * Sends an order write with the recent-orders entry update appended; when the transaction is refused by that
   * part ALONE, the order is not among the customer's recent ones: the same write goes again without it.
   */
  private async sendWithRecent(sent: ChangePart[], next: Order): Promise<RefusedParts<ChangeLabel> | undefined> {
    // The audit parts stay last.
    const withRecent = [
      ...sent.filter((element) => element.label !== 'audit'),
      part('recent', this.recentEntryUpdate(next)),
      ...sent.filter((element) => element.label === 'audit'),
    ];
    assertFitsOneTransaction(withRecent.length);
    const refused = await transactParts(this.client, withRecent);
    if (!refused || refused.labels.some((label) => label !== 'recent')) return refused;
    return transactParts(this.client, sent);
  }
}
