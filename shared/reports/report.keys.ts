/**
 * Keys of the reports feature (docs/data-model.md, section "Reports"):
 * - the customer-composition aggregate that the customers write path keeps (counts per dimension value, sharded);
 * - report snapshots written by the scheduled job, one item per report type and period (overwritten on re-run).
 */
export const COMPOSITION_SHARDS = 4;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The shard of a customer's composition counts: from the last (random) character of its ULID. */
export const compositionShardOf = (customerId: string): number =>
  Math.max(0, CROCKFORD.indexOf(customerId.at(-1) ?? '0')) % COMPOSITION_SHARDS;

export const compositionKeys = {
  partition: 'AGG#COMPOSITION',
  /** `count` of customers (active or not, not archived) whose `dimension` has `value`; `-` = not set. */
  item: (dimension: string, value: string, shard: number) => ({
    pk: 'AGG#COMPOSITION',
    sk: `${dimension}#${value}#${shard}`,
  }),
  dimensionPrefix: (dimension: string) => `${dimension}#`,
  /** The bucket of an unset dimension. */
  unset: '-',
} as const;

export const snapshotKeys = {
  item: (type: string, period: string) => ({ pk: `SNAPSHOT#${type}`, sk: period }),
  partition: (type: string) => `SNAPSHOT#${type}`,
} as const;
