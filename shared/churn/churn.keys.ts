import { indexKey } from '#shared/db/index-key';
import { customerKeys } from '#shared/keys/customer.keys';

/**
 * Keys of lost-customer management (客户流失管理; docs/data-model.md, section "Lost customers and the churn watch").
 *
 * The churn watch: every ACTIVE customer that is not already under a lost-customer record carries
 * `gsi6pk = CHURN_WATCH#<shard>` and `gsi6sk = <lastOrderAt or createdAt>#<customerId>` (sparse). The daily job
 * asks each shard for `gsi6sk < <threshold>`: a range Query that reads only customers at risk, whatever the size
 * of the table. Opening a record takes the customer out of the watch in the same transaction, so a second run
 * finds nothing to open twice; a new order puts it back with a later date.
 */
/**
 * Watch partitions. Every write of a customer's watch key (creation, every order) lands in one index partition
 * per shard; four shards keep that far below a partition's write limit, and the job reads them in parallel.
 */
export const CHURN_WATCH_SHARDS = 4;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A customer's watch shard: from the last (random) character of its ULID — stable for the customer's life. */
export const churnShardOf = (customerId: string): number =>
  Math.max(0, CROCKFORD.indexOf(customerId.at(-1) ?? '0')) % CHURN_WATCH_SHARDS;

/** The lost-customer states (流失预警 → 暂缓流失 → 确认流失, or recovered by a new order). */
export const LOST_CUSTOMER_STATUSES = ['warning', 'delaying', 'lost', 'recovered'] as const;
export type LostCustomerStatus = (typeof LOST_CUSTOMER_STATUSES)[number];
/** A record in one of these states is open: the customer is out of the watch and a new order recovers it. */
export const OPEN_LOST_CUSTOMER_STATUSES = ['warning', 'delaying'] as const satisfies readonly LostCustomerStatus[];

export const churnKeys = {
  /** The watch index on the CUSTOMER item (sparse). */
  watch: indexKey('gsi6', 6, (shard: number) => `CHURN_WATCH#${shard}`),
  watchSortKey: (since: string, customerId: string) => `${since}#${customerId}`,
  /**
   * Storage attributes on the CUSTOMER item (never in API answers):
   * - `churnWatchKey`: the watch sort key the customer has whenever it is watched (`<lastOrderAt or createdAt>#<id>`),
   *   kept even while it is out of the watch, so that a reactivation can copy it back without a read;
   * - `churnStatus`: the status of the customer's current lost-customer record, if it has one.
   */
  watchKeyAttribute: 'churnWatchKey',
  statusAttribute: 'churnStatus',
  /** The customer's current lost-customer record, in the customer's item collection. */
  record: (customerId: string) => ({ pk: customerKeys.item(customerId).pk, sk: 'LOST_CUSTOMER' }),
  /** An earlier, closed record (recovered or lost), kept when the customer comes under watch again. */
  episode: (customerId: string, openedAt: string) => ({
    pk: customerKeys.item(customerId).pk,
    sk: `LOST_CUSTOMER#EPISODE#${openedAt}`,
  }),
  /** Every lost-customer index sorts by when the record was opened, then customer id. */
  recordSortKey: (openedAt: string, customerId: string) => `${openedAt}#${customerId}`,
  /** On the record item: by the customer's owner (re-pointed by a transfer), all, and by status. */
  byOwner: indexKey('gsi1', 1, (ownerId: string) => `LOST_CUSTOMER#OWNER#${ownerId}`),
  all: indexKey('gsi2', 2, () => 'LOST_CUSTOMER'),
  byStatus: indexKey('gsi5', 5, (status: string) => `LOST_CUSTOMER#STATUS#${status}`),
} as const;

/**
 * Churn aggregates (issue 7 reads them), in one partition so a period is one Query
 * (`pk = AGG#CHURN AND sk BETWEEN MONTH#<from> AND MONTH#<to>~`):
 * - `MONTH#<yyyy-mm>#EVENTS#<shard>`: `warned`, `recovered`, `lost` — records opened, recovered and confirmed lost
 *   in the month, per watch shard (the job's shard workers never write the same item);
 * - `MONTH#<yyyy-mm>#REASON#<reason>`: `lost` — customers confirmed lost in the month, per reason.
 */
export const churnAggregateKeys = {
  partition: 'AGG#CHURN',
  events: (month: string, shard: number) => ({ pk: 'AGG#CHURN', sk: `MONTH#${month}#EVENTS#${shard}` }),
  reason: (month: string, reason: string) => ({ pk: 'AGG#CHURN', sk: `MONTH#${month}#REASON#${reason}` }),
} as const;
