import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { part, parts, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { customerTouchParts, laterStampOf } from '#shared/customer-records/customer-touch';
import { receivableOnPayment } from '#shared/dunning/receivable.writes';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { orderKeys, productKeys } from '#shared/keys/orders.keys';
import { orderValueChange, receivablesUpdate } from '#functions/orders/order/order-aggregates.writes';
import { RETURN_ORDER_FIELDS } from '#functions/orders/order/order.entity';
import type { CreateOutcome, IdempotencyClaim, Page, PageKey } from '#functions/orders/order/order.ports';
import { orderNotFound } from '#functions/orders/order/order.rules';
import type { OrderDetail } from '#functions/orders/order/order.schema';
import { DynamoDbOrderRefunds } from './order-refund.repository';
import { orderAtVersion, sendWithRecent, summaryFollows } from './order-figures.writes';
import { orderAudit } from '#functions/orders/order/order-audit.writes';
import type { RefundWrite, ReturnRepository, ReturnWrite } from './return.ports';
import type { OrderReturn } from './return.schema';
import { isOrderReturnItem, orderReturnEntity } from './return.entity';
import { queryOrderCollectionPage, readOrderCollection } from '#functions/orders/order/order-collection.reads';

const stockLabel = (productId: string) => `stock:${productId}` as const;
type ReturnLabel =
  | 'return' | 'order' | 'summary' | 'customer' | 'orderValue' | 'receivables' | 'dunning' | 'recent' | 'idempotency' | 'audit'
  | ReturnType<typeof stockLabel>;

/** Attempts of a return whose customer was stamped later by another writer meanwhile. */
const TOUCH_ATTEMPTS = 3;

/** Returns after delivery and refunds on DynamoDB: the order's collection read, the return's one transaction. */
export class DynamoDbOrderReturns implements ReturnRepository {
  private readonly refunds: DynamoDbOrderRefunds;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.refunds = new DynamoDbOrderRefunds(client, tableName);
  }

  refund = (write: RefundWrite, idempotency?: IdempotencyClaim) => this.refunds.refund(write, idempotency);

  /** One consistent Query over the order's collection: the order, its payments, its returns (counted). */
  async orderWithReturns(orderId: string): Promise<{ order: OrderDetail; returnCount: number } | undefined> {
    const collection = await readOrderCollection(this.client, this.tableName, orderId);
    return collection && { order: collection.order, returnCount: collection.items.filter(isOrderReturnItem).length };
  }

  async listReturns(orderId: string, page: { limit: number; startKey?: PageKey }): Promise<Page<OrderReturn>> {
    return queryOrderCollectionPage(this.client, this.tableName, { orderId, prefix: orderKeys.returnPrefix, fromItem: orderReturnEntity.fromItem }, page);
  }


  async createReturn(write: ReturnWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderReturn>> {
    // Another writer stamped the customer later meanwhile: the same write again with that stamp.
    let stamp = write.next.updatedAt;
    for (let attempt = 1; ; attempt += 1) {
      const refused = await sendWithRecent(this.client, this.tableName, this.returnParts(write, stamp, idempotency), write.next);
      if (!refused) return { kind: 'created', value: write.orderReturn };
      if (idempotency && refused.has('idempotency')) {
        const first = await replayAfterRefusal<OrderReturn>(this.client, this.tableName, idempotency);
        if (first === undefined) throw idempotencyKeyReused();
        return { kind: 'replayed', value: first };
      }
      const later = refused.has('customer') ? laterStampOf(refused.old('customer'), stamp) : undefined;
      if (later === undefined || attempt >= TOUCH_ATTEMPTS) throw this.explain(write, refused);
      stamp = later;
    }
  }

  private returnParts({ current, next, orderReturn, restock, guard }: ReturnWrite, stamp: string, idempotency?: IdempotencyClaim): TransactionPart<ReturnLabel>[] {
    const credit = orderReturn.creditNote.amount.amount;
    const balanceDelta = next.balance.amount - current.balance.amount;
    const settled = current.balance.amount > 0 && next.balance.amount === 0 ? -1 : 0;
    const restocked = [...restock].map(([productId, quantity]) =>
      part(
        stockLabel(productId),
        conditionalUpdate(this.tableName, productKeys.item(productId), buildUpdateExpression({ increment: { stockOnHand: quantity } }), {
          ConditionExpression: 'attribute_exists(#pk)',
          names: { '#pk': 'pk' },
        }),
      ),
    );
    const stockNote = restock.size > 0 ? `; restocked ${orderReturn.lines.map((line) => `${line.productCode} +${line.quantity}`).join(', ')}` : '; not restocked';
    return [
      part('return', { Put: { TableName: this.tableName, Item: orderReturnEntity.toItem(orderReturn), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('order', orderAtVersion(this.tableName, next, RETURN_ORDER_FIELDS, guard.expectedVersion)),
      part('summary', summaryFollows(this.tableName, next)),
      part('customer', this.customerCredited(current.customerId, credit, stamp, guard.ownerScope)),
      part('orderValue', orderValueChange(this.tableName, current, -credit)),
      ...(balanceDelta === 0 ? [] : [part('receivables', receivablesUpdate(this.tableName, current.customerId, balanceDelta, settled, current.orderedAt, current.dueAt))]),
      ...parts('dunning', receivableOnPayment(this.tableName, current, next)),
      ...restocked,
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, orderReturn))] : []),
      part('audit', orderAudit(this.tableName, current, next, { note: `Return ${orderReturn.id}: credit note ${orderReturn.creditNote.number} of ${credit}${stockNote}` })),
    ];
  }

  /** The customer's lifetime value less the credit, its stamp forward (never its version); for an account manager, theirs. */
  private customerCredited(customerId: string, credit: number, at: string, ownerScope: string | undefined): TransactItem {
    const touch = customerTouchParts(customerId, at);
    const conditions = ['attribute_exists(#lv)', touch.condition];
    const names: Record<string, string> = { '#lv': 'lifetimeValue', ...touch.names };
    const values: Record<string, unknown> = { ...touch.values };
    if (ownerScope !== undefined) {
      conditions.push('attribute_not_exists(#deletedAt)', '#ownerId = :ownerScope');
      names['#deletedAt'] = 'deletedAt';
      names['#ownerId'] = 'ownerId';
      values[':ownerScope'] = ownerScope;
    }
    return conditionalUpdate(
      this.tableName,
      customerKeys.item(customerId),
      buildUpdateExpression({ set: touch.set, increment: { 'lifetimeValue.amount': -credit } }),
      { ConditionExpression: conditions.join(' AND '), names, values },
    );
  }

  /** Why the return was refused, by label: the caller's scope (404, no leak), then the order's version (412; gone: 404). */
  private explain({ current, guard }: ReturnWrite, refused: RefusedParts<ReturnLabel>): unknown {
    if (refused.has('customer')) {
      const old = refused.old('customer');
      if (!old || (guard.ownerScope !== undefined && (old.deletedAt !== undefined || old.ownerId !== guard.ownerScope))) return orderNotFound(current.id);
    }
    if (refused.has('order')) {
      const old = refused.old('order');
      if (!old) return orderNotFound(current.id);
      return new DomainError(ErrorCode.VersionConflict, `Order ${current.id} has changed since you read it (now version ${String(old.version)}); read it again.`);
    }
    return refused.error;
  }
}
