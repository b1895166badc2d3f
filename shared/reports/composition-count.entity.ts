import { defineAggregate } from './aggregate-entity';
import { compositionKeys, compositionShardOf } from './report.keys';

/**
 * The customer-composition counts (`pk = AGG#COMPOSITION`): the `count` of customers (not archived) whose
 * `dimension` has `value` (`-` = not set), one item per shard of the customers' ids (docs/data-model.md,
 * "Composition aggregate"). Kept by the customer writes (shared/reports/composition.writes.ts).
 */
export const compositionCountEntity = {
  ...defineAggregate<{ dimension: string; value: string; shard: number }>({
    name: 'CompositionCount',
    keyOf: ({ dimension, value, shard }) => compositionKeys.item(dimension, value, shard),
    // The shard is in the key only.
    stored: ({ dimension, value }) => ({ dimension, value }),
  }),
  partition: compositionKeys.partition,
  dimensionPrefix: compositionKeys.dimensionPrefix,
  shardOf: compositionShardOf,
  /** The bucket of an unset dimension. */
  unset: compositionKeys.unset,
};
