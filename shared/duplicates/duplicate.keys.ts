import { indexKey } from '#shared/db/index-key';
import type { DuplicateRule } from './duplicate-keys';

/**
 * Keys of the duplicate index (docs/data-model.md, "Duplicate index"):
 *
 *   a key and the customers filed under it:   pk `DUPKEY#<rule>#<value>`  sk `DUPKEY`  (members: a string set of ids)
 *   a candidate pair (two customer ids, a<b):  pk `DUPPAIR#<a>#<b>`        sk `DUPPAIR`
 *   open pairs, newest first (gsi1):           gsi1pk `DUPPAIRS#open`      gsi1sk `<detectedAt>#<pairId>`
 *
 * A key's values hold no `#` that matters: the partition key is read whole, never by prefix.
 */
/** `merged`: one of the two was merged into the other (functions/customers/merge/). */
export type PairStatus = 'open' | 'dismissed' | 'merged';

/** `<a>-<b>`, the two ULIDs in order: the same pair has one id whichever customer came second. */
export const pairIdOf = (one: string, other: string): string => (one < other ? `${one}-${other}` : `${other}-${one}`);
export const customerIdsOfPair = (pairId: string): [string, string] => pairId.split('-') as [string, string];

export const duplicateKeys = {
  key: (rule: DuplicateRule, value: string) => ({ pk: `DUPKEY#${rule}#${value}`, sk: 'DUPKEY' }),
  pair: (pairId: string) => {
    const [a, b] = customerIdsOfPair(pairId);
    return { pk: `DUPPAIR#${a}#${b}`, sk: 'DUPPAIR' };
  },
  /** The pairs of one status, by detection time (the customer items use gsi1 for their owner lists; this overloads it). */
  pairsByStatus: indexKey('gsi1', 1, (status: PairStatus) => `DUPPAIRS#${status}`),
  pairSortKey: (detectedAt: string, pairId: string) => `${detectedAt}#${pairId}`,
} as const;
