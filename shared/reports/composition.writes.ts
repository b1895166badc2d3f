import type { TransactItem } from '#shared/db/transactions';
import { plainUpdate } from '#shared/db/update-expression';
import { compositionCountEntity } from './composition-count.entity';

/** The dimensions of the customer-composition report (客户构成): one count per value of each. */
export const COMPOSITION_FIELDS = ['level', 'credit', 'satisfaction', 'region', 'industry'] as const;
export type CompositionField = (typeof COMPOSITION_FIELDS)[number];

/** What a customer contributes: its bucket per dimension (`-` when unset). Absent (archived / none) = undefined. */
export type CompositionShare = Partial<Record<CompositionField, unknown>>;

export const bucketOf = (value: unknown): string =>
  value === undefined || value === null || value === '' ? compositionCountEntity.unset : String(value);

/** True when a change of these fields can move a customer between buckets. */
export const touchesComposition = (changes: Readonly<Record<string, unknown>>): boolean =>
  COMPOSITION_FIELDS.some((field) => changes[field] !== undefined);

/** The count changes of a customer going from `before` to `after` (either absent: created / archived). */
export const compositionDeltas = (
  before: CompositionShare | undefined,
  after: CompositionShare | undefined,
): { field: CompositionField; value: string; delta: number }[] => {
  const deltas: { field: CompositionField; value: string; delta: number }[] = [];
  for (const field of COMPOSITION_FIELDS) {
    const from = before ? bucketOf(before[field]) : undefined;
    const to = after ? bucketOf(after[field]) : undefined;
    if (from === to) continue;
    if (from !== undefined) deltas.push({ field, value: from, delta: -1 });
    if (to !== undefined) deltas.push({ field, value: to, delta: 1 });
  }
  return deltas;
};

/**
 * ADDs to the composition counts, for the same transaction as the customer write (docs/data-model.md, "Reports").
 * The counts of a customer live in the shard of its id, so concurrent writes about different customers rarely meet
 * on one item. Unconditional: they cannot cancel the transaction.
 */
export const compositionUpdates = (
  tableName: string,
  customerId: string,
  before: CompositionShare | undefined,
  after: CompositionShare | undefined,
): TransactItem[] => {
  const shard = compositionCountEntity.shardOf(customerId);
  return compositionDeltas(before, after).map(({ field, value, delta }) =>
    plainUpdate(tableName, compositionCountEntity.keyOf({ dimension: field, value, shard }), compositionCountEntity.addPlan({ dimension: field, value, shard }, { count: delta })),
  );
};
