import type { AuditEvent } from '#shared/audit/audit';
import { churnAggregateKeys, churnKeys, churnShardOf, OPEN_LOST_CUSTOMER_STATUSES } from './churn.keys';
import type { TransactItem } from '#shared/db/transactions';

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
      {
        Update: {
          TableName: tableName,
          Key: churnKeys.record(customer.id),
          UpdateExpression:
            'SET #status = :recovered, #recoveredAt = :at, #orderId = :orderId, #updatedAt = :at, #updatedBy = :by, #statusPk = :statusPk ADD #version :one',
          ConditionExpression: '#status IN (:warning, :delaying)',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#recoveredAt': 'recoveredAt',
            '#orderId': 'recoveredByOrderId',
            '#updatedAt': 'updatedAt',
            '#updatedBy': 'updatedBy',
            '#statusPk': churnKeys.byStatus.pkAttribute,
            '#version': 'version',
          },
          ExpressionAttributeValues: {
            ':recovered': 'recovered',
            ':at': order.at,
            ':orderId': order.id,
            ':by': order.by,
            ':statusPk': churnKeys.byStatus.pk('recovered'),
            ':one': 1,
            ':warning': 'warning',
            ':delaying': 'delaying',
          },
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: churnAggregateKeys.events(month, shard),
          UpdateExpression: 'SET #entity = :entity, #month = :month, #shard = :shard ADD #recovered :one',
          ExpressionAttributeNames: { '#entity': 'entity', '#month': 'month', '#shard': 'shard', '#recovered': 'recovered' },
          ExpressionAttributeValues: { ':entity': 'ChurnAggregate', ':month': month, ':shard': shard, ':one': 1 },
        },
      },
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
  return { sets, conditions, names, values, items, ...(recovery ? { recovery } : {}) };
};
