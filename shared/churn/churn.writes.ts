import type { AuditEvent } from '#shared/audit/audit';
import { churnAggregateKeys, churnKeys, churnShardOf, OPEN_LOST_CUSTOMER_STATUSES } from './churn.keys';
import type { Item } from '#shared/db/item';
import type { TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate, type UpdatePlan, type WriteCondition } from '#shared/db/update-expression';

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
 * Fragments to merge into the customer Update of an order's transaction (`sets` go into its SET clause,
 * `conditions` are AND-ed to its ConditionExpression), and whole items to append to the same transaction.
 * Placeholders all start with `#cw` / `:cw`, so they never collide with the caller's own.
 */
export interface ChurnOnOrder {
  /**
   * The customer's change as an UpdatePlan fragment and a condition, to merge into the order's own plan and
   * condition (shared/db/update-expression.ts). The string fragments below say the same, for the order path
   * until it builds its customer update from `plan`.
   */
  readonly plan: Required<Pick<UpdatePlan, 'set' | 'copy'>>;
  readonly condition: WriteCondition;
  readonly sets: readonly string[];
  readonly conditions: readonly string[];
  readonly names: Readonly<Record<string, string>>;
  readonly values: Readonly<Record<string, unknown>>;
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
  // DynamoDB refuses unused placeholders: names are added as the expression uses them.
  const names: Record<string, string> = { '#cwStatus': 'status', '#cwChurn': churnKeys.statusAttribute };
  const values: Record<string, unknown> = { ':cwSeenStatus': customer.status };
  const sets: string[] = [];
  const conditions = [
    '#cwStatus = :cwSeenStatus',
    customer.churnStatus === undefined ? 'attribute_not_exists(#cwChurn)' : '#cwChurn = :cwSeenChurn',
  ];
  if (customer.churnStatus !== undefined) values[':cwSeenChurn'] = customer.churnStatus;

  const forward = customer.lastOrderAt === undefined || order.orderedAt > customer.lastOrderAt;
  const open = (OPEN_LOST_CUSTOMER_STATUSES as readonly string[]).includes(customer.churnStatus ?? '');
  const watched = customer.status === 'active';
  if (forward) {
    names['#cwKey'] = churnKeys.watchKeyAttribute;
    values[':cwKey'] = churnKeys.watchSortKey(order.orderedAt, customer.id);
    sets.push('#cwKey = :cwKey');
  }
  if (watched && (forward || open)) {
    names['#cwKey'] = churnKeys.watchKeyAttribute;
    names['#cwWatchPk'] = churnKeys.watch.pkAttribute;
    names['#cwWatchSk'] = churnKeys.watch.skAttribute;
    values[':cwWatchPk'] = churnKeys.watch.pk(churnShardOf(customer.id));
    // A back-dated order that recovers the customer puts it back with the watch key it kept.
    sets.push('#cwWatchPk = :cwWatchPk', forward ? '#cwWatchSk = :cwKey' : '#cwWatchSk = #cwKey');
  }
  const items: TransactItem[] = [];
  if (open) {
    values[':cwRecovered'] = 'recovered';
    sets.push('#cwChurn = :cwRecovered');
    const month = order.at.slice(0, 7);
    const shard = churnShardOf(customer.id);
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
      churnAggregateUpdate(tableName, churnAggregateKeys.events(month, shard), { recovered: 1 }, { month, shard }),
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
  const plan = planOf(customer, forward ? churnKeys.watchSortKey(order.orderedAt, customer.id) : undefined, watched && (forward || open), open);
  const condition: WriteCondition = {
    ConditionExpression: conditions.join(' AND '),
    names: { '#cwStatus': 'status', '#cwChurn': churnKeys.statusAttribute },
    values: { ':cwSeenStatus': customer.status, ...(customer.churnStatus === undefined ? {} : { ':cwSeenChurn': customer.churnStatus }) },
  };
  return { plan, condition, sets, conditions, names, values, items, ...(recovery ? { recovery } : {}) };
};

/** The customer's change of `churnOnOrderPlaced` as a plan: the new watch key, back on the watch, recovered. */
const planOf = (customer: CustomerChurnState, newKey: string | undefined, watch: boolean, recover: boolean): ChurnOnOrder['plan'] => {
  const set: Record<string, unknown> = {};
  const copy: Record<string, string> = {};
  if (newKey !== undefined) set[churnKeys.watchKeyAttribute] = newKey;
  if (watch) {
    set[churnKeys.watch.pkAttribute] = churnKeys.watch.pk(churnShardOf(customer.id));
    // A back-dated order that recovers the customer puts it back with the watch key it kept.
    if (newKey !== undefined) set[churnKeys.watch.skAttribute] = newKey;
    else copy[churnKeys.watch.skAttribute] = churnKeys.watchKeyAttribute;
  }
  if (recover) set[churnKeys.statusAttribute] = 'recovered';
  return { set, copy };
};

/** A churn aggregate item (see churnAggregateKeys): `ADD` the counts, and SET its entity marker and attributes. */
export const churnAggregateUpdate = (tableName: string, key: { pk: string; sk: string }, counts: Record<string, number>, attributes: Item): TransactItem =>
  plainUpdate(tableName, key, { set: { entity: 'ChurnAggregate', ...attributes }, add: counts });
