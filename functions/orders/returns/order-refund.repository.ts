import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut } from '#shared/audit/audit.writes';
import { part, parts, type RefusedParts, type TransactItem, type TransactionPart } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { receivableOnPlacement } from '#shared/dunning/receivable.writes';
import { receivableKeys } from '#shared/dunning/receivable.keys';
import { idempotencyKeyReused, idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { receivablesUpdate } from '#functions/orders/order/order-aggregates.writes';
import type { CreateOutcome, IdempotencyClaim, Stale } from '#functions/orders/order/order.ports';
import { orderNotFound } from '#functions/orders/order/order.rules';
import type { Order, OrderDetail } from '#functions/orders/order/order.schema';
import { paymentEntity } from '#functions/orders/order/payment.entity';
import { customerInScope, orderAtVersion, sendWithRecent, summaryFollows } from './order-figures.writes';
import { orderAudit } from '#functions/orders/order/order-audit.writes';
import type { RefundWrite } from './return.ports';

type RefundLabel = 'refund' | 'order' | 'summary' | 'customer' | 'scope' | 'receivables' | 'dunning' | 'recent' | 'idempotency' | 'audit';

/** Order fields a refund changes (as a payment does). */
const REFUND_ORDER_FIELDS = ['paidAmount', 'balance', 'paymentStatus', 'version', 'updatedAt', 'updatedBy'] as const satisfies readonly (keyof Order)[];

/** A refund: money paid back, recorded as a negative payment in ONE transaction with the order's figures. */
export class DynamoDbOrderRefunds {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async refund(write: RefundWrite, idempotency?: IdempotencyClaim): Promise<CreateOutcome<OrderDetail> | Stale> {
    const { current, next, refund, guard } = write;
    const detail = (payments: readonly OrderDetail['payments'][number][]): OrderDetail => ({ ...next, payments: [...payments, refund] });
    const sent: TransactionPart<RefundLabel>[] = [
      part('refund', { Put: { TableName: this.tableName, Item: paymentEntity.toItem(refund), ConditionExpression: 'attribute_not_exists(pk)' } }),
      part('order', orderAtVersion(this.tableName, next, REFUND_ORDER_FIELDS, guard.expectedVersion)),
      part('summary', summaryFollows(this.tableName, next)),
      ...this.receivableParts(write),
      ...(idempotency ? [part('idempotency', idempotencyPut(this.tableName, idempotency, detail(write.payments)))] : []),
      part(
        'audit',
        auditPut(this.tableName, {
          at: refund.createdAt,
          actor: refund.createdBy,
          action: 'create',
          entityType: 'payment',
          entityId: refund.id,
          customerId: current.customerId,
          entityVersion: refund.version,
          changes: changesBetween(undefined, refund),
          note: 'Refund',
        }),
      ),
      part('audit', orderAudit(this.tableName, current, next, { note: `Refund ${refund.id}` })),
    ];
    const refused = await sendWithRecent(this.client, this.tableName, sent, next);
    if (!refused) return { kind: 'created', value: detail(write.payments) };
    if (idempotency && refused.has('idempotency')) {
      const first = await replayAfterRefusal<OrderDetail>(this.client, this.tableName, idempotency);
      if (first === undefined) throw idempotencyKeyReused();
      return { kind: 'replayed', value: first };
    }
    return this.explain(write, refused);
  }

  /**
   * A live order's receivables follow its balance: the aggregate by the difference (an order whose balance reopens counts
   * as open again), the open-receivable item updated, or put when the balance reopens (filed under the customer's owner
   * as read: the customer element holds it). A cancelled order has left the receivables: nothing of them moves.
   */
  private receivableParts({ current, next, customer, guard }: RefundWrite): TransactionPart<RefundLabel>[] {
    const scope = guard.ownerScope === undefined ? [] : [part('scope', customerInScope(this.tableName, current.customerId, guard.ownerScope))];
    const delta = next.balance.amount - current.balance.amount;
    if (current.status === 'cancelled' || delta === 0) return scope;
    const reopened = current.balance.amount === 0 && next.balance.amount > 0;
    const figures = [part('receivables' as const, receivablesUpdate(this.tableName, current.customerId, delta, reopened ? 1 : 0, current.orderedAt, current.dueAt))];
    if (!reopened) {
      const open = current.dueAt !== undefined && current.paymentTermsDays !== undefined;
      const item = plainUpdate(this.tableName, receivableKeys.item(current.id), { set: { balance: next.balance, updatedAt: next.updatedAt } });
      return [...scope, ...figures, ...(open ? [part('dunning' as const, item)] : [])];
    }
    if (!customer) throw new Error('a refund that reopens a balance carries the customer read');
    return [
      part('customer', this.ownerHeld(current.customerId, customer.ownerId, guard.ownerScope)),
      ...figures,
      ...parts('dunning', receivableOnPlacement(this.tableName, next, customer.ownerId)),
    ];
  }

  /** The customer's owner is still the one read (the open-receivable item is filed under it) and, for an account manager, theirs. */
  private ownerHeld(customerId: string, ownerRead: string, ownerScope: string | undefined): TransactItem {
    const scoped = ownerScope !== undefined;
    return {
      ConditionCheck: {
        TableName: this.tableName,
        Key: customerKeys.item(customerId),
        ConditionExpression: `attribute_exists(#pk) AND #ownerId = :ownerRead${scoped ? ' AND attribute_not_exists(#deletedAt) AND #ownerId = :ownerScope' : ''}`,
        ExpressionAttributeNames: { '#pk': 'pk', '#ownerId': 'ownerId', ...(scoped ? { '#deletedAt': 'deletedAt' } : {}) },
        ExpressionAttributeValues: { ':ownerRead': ownerRead, ...(scoped ? { ':ownerScope': ownerScope } : {}) },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    };
  }

  /** Scope first (404, no leak); the order or the customer's owner changed since the read → read again. */
  private explain({ current, guard }: RefundWrite, refused: RefusedParts<RefundLabel>): Stale {
    if (refused.has('scope')) throw orderNotFound(current.id);
    if (refused.has('customer')) {
      const old = refused.old('customer');
      if (!old || (guard.ownerScope !== undefined && (old.deletedAt !== undefined || old.ownerId !== guard.ownerScope))) throw orderNotFound(current.id);
      return { kind: 'stale' };
    }
    if (refused.has('order')) {
      if (!refused.old('order')) throw orderNotFound(current.id);
      return { kind: 'stale' };
    }
    throw refused.error;
  }
}
