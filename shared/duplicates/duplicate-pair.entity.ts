import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { DuplicateRule } from './duplicate-keys';
import { duplicateKeys, type PairStatus } from './duplicate.keys';

/**
 * Two customers that share a duplicate key and were both kept: written in the transaction of the create, update
 * or import row that was allowed to duplicate (`?allowDuplicate=true`, `onDuplicate: create`), listed for managers
 * by `GET /v1/customers/duplicates` until one of them is archived or the pair is dismissed.
 */
export interface DuplicatePair {
  readonly pairId: string;
  /** The two customer ids, in order. */
  readonly customerIds: readonly [string, string];
  /** Which rules matched when the pair was (last) detected. */
  readonly rules: readonly DuplicateRule[];
  readonly status: PairStatus;
  /** 1 when detected, 2 once dismissed: a dismissal names it (If-Match), like every write. */
  readonly version: number;
  readonly detectedAt: string;
  readonly detectedBy: string;
  readonly dismissedAt?: string;
  readonly dismissedBy?: string;
}

export const duplicatePairEntity = defineEntity<DuplicatePair>({
  name: 'DuplicatePair',
  fields: fieldsOf<DuplicatePair>()('pairId', 'customerIds', 'rules', 'status', 'version', 'detectedAt', 'detectedBy', 'dismissedAt', 'dismissedBy'),
  keyOf: (pair) => duplicateKeys.pair(pair.pairId),
  indexesOf: (pair) => ({
    [duplicateKeys.pairsByStatus.pkAttribute]: duplicateKeys.pairsByStatus.pk(pair.status),
    [duplicateKeys.pairsByStatus.skAttribute]: duplicateKeys.pairSortKey(pair.detectedAt, pair.pairId),
  }),
});
