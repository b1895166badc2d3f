import type { AuditEvent } from '#shared/audit/audit';
import type { TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate, type UpdatePlan, type WriteCondition } from '#shared/db/update-expression';
import { churnAggregateEntity } from '#shared/reports/churn-aggregate.entity';
import { churnKeys, churnShardOf, OPEN_LOST_CUSTOMER_STATUSES } from './churn.keys';

/** What an order placement read of its customer, as far as the churn watch is concerned. */
export interface CustomerChurnState {
  readonly id: string;
  /** The customer's status (`active`, `inactive`, `lost`). */
  readonly status: string;
  readonly lastOrderAt?: string | undefined;
  /** `churnStatus` of the customer item: the status of its lost-customer record, if it has one. */
  readonly churnStatus?: string | undefined;
}

/**
 * What an order does to the churn watch: a fragment to merge into the customer Update of the order's transaction
 * (`plan` into its UpdatePlan, `condition` AND-ed to its condition; the condition's placeholders start with
 * `#cw` / `:cw`, so they never collide with the caller's own), and whole items to append to the same transaction.
 */
export interface ChurnOnOrder {
  readonly plan: Required<Pick<UpdatePlan, 'set' | 'copy'>>;
  readonly condition: Required<WriteCondition>;
  readonly items: readonly TransactItem[];
  /**
   * When the order recovers an open lost-customer record: that state move, for the audit trail. The caller
   * appends it (`auditPut`) to the same transaction, as its last element. The record's version is not known
   * without a read (the update ADDs one), so the event carries none.
   */
  readonly recovery?: AuditEvent;
}

/**
 * What a new order does to the churn watch (docs/data-model.md, "Lost customers and the churn watch"):
 * - the watch key moves to the new last order date (an order dated before the current last order moves nothing),
 *   and an active customer is (back) on the watch with it;
 * - a customer under an open record (warning or delaying) is recovered: the record becomes `recovered` (by this
 *   order) and the churn aggregates count one recovery, in the same transaction;
 * - the update is conditional on the customer's status and churn status as read, so a record opened (or a status
 *   changed) between the read and the write cancels the transaction: read again and retry.
 */
export const churnOnOrderPlaced = (
  tableName: string,
  customer: CustomerChurnState,
  order: { readonly id: string; readonly orderedAt: string; readonly at: string; readonly by: string },
): ChurnOnOrder => {
  const forward = customer.lastOrderAt === undefined || order.orderedAt > customer.lastOrderAt;
  const open = (OPEN_LOST_CUSTOMER_STATUSES as readonly string[]).includes(customer.churnStatus ?? '');
  const watched = customer.status === 'active';
  const shard = churnShardOf(customer.id);

  const set: Record<string, unknown> = {};
  const copy: Record<string, string> = {};
  const newKey = forward ? churnKeys.watchSortKey(order.orderedAt, customer.id) : undefined;
  if (newKey !== undefined) set[churnKeys.watchKeyAttribute] = newKey;
  if (watched && (forward || open)) {
    set[churnKeys.watch.pkAttribute] = churnKeys.watch.pk(shard);
    // A back-dated order that recovers the customer puts it back with the watch key it kept.
    if (newKey !== undefined) set[churnKeys.watch.skAttribute] = newKey;
    else copy[churnKeys.watch.skAttribute] = churnKeys.watchKeyAttribute;
  }
  if (open) set[churnKeys.statusAttribute] = 'recovered';

  const condition = {
    ConditionExpression: [
      '#cwStatus = :cwSeenStatus',
      customer.churnStatus === undefined ? 'attribute_not_exists(#cwChurn)' : '#cwChurn = :cwSeenChurn',
    ].join(' AND '),
    names: { '#cwStatus': 'status', '#cwChurn': churnKeys.statusAttribute },
    values: { ':cwSeenStatus': customer.status, ...(customer.churnStatus === undefined ? {} : { ':cwSeenChurn': customer.churnStatus }) },
  };

  const items: TransactItem[] = [];
  if (open) {
    const month = order.at.slice(0, 7);
    items.push(
      conditionalUpdate(
        tableName,
        churnKeys.record(customer.id),
        buildUpdateExpression({
          set: {
            status: 'recovered',
            recoveredAt: order.at,
            recoveredByOrderId: order.id,
            updatedAt: order.at,
            updatedBy: order.by,
            [churnKeys.byStatus.pkAttribute]: churnKeys.byStatus.pk('recovered'),
          },
          add: { version: 1 },
        }),
        { ConditionExpression: '#status IN (:warning, :delaying)', names: { '#status': 'status' }, values: { ':warning': 'warning', ':delaying': 'delaying' } },
      ),
      churnAggregateUpdate(tableName, { month, shard }, { recovered: 1 }),
    );
  }
  const recovery: AuditEvent | undefined = open
    ? {
        at: order.at,
        actor: order.by,
        action: 'transition',
        entityType: 'lost-customer',
        entityId: customer.id,
        customerId: customer.id,
        changes: [
          { field: 'status', old: customer.churnStatus, new: 'recovered' },
          { field: 'recoveredAt', new: order.at },
          { field: 'recoveredByOrderId', new: order.id },
        ],
      }
    : undefined;
  return { plan: { set, copy }, condition, items, ...(recovery ? { recovery } : {}) };
};

/**
 * A churn aggregate item (shared/reports/churn-aggregate.entity.ts): the events of a month and shard, or the losses
 * of a month and reason; its counts `ADD`ed.
 */
export const churnAggregateUpdate = (
  tableName: string,
  identity: { month: string; shard: number } | { month: string; reason: string },
  counts: Record<string, number>,
): TransactItem => plainUpdate(tableName, churnAggregateEntity.keyOf(identity), churnAggregateEntity.addPlan(identity, counts));
