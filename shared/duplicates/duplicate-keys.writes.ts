import type { TransactItem } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate, plainUpdate } from '#shared/db/update-expression';
import { addedKeys, removedKeys, type DuplicateRule, type DuplicateSubject } from './duplicate-keys';
import { duplicateKeys, pairIdOf } from './duplicate.keys';

/**
 * The duplicate index's writes, elements of the customer's own transaction (create, update, archive, import row), so
 * the index never drifts from the customers (docs/data-model.md, "Duplicate index"):
 * - a key the customer newly has: `ADD members <id>` — when duplicates are not allowed, on the condition that no
 *   customer holds the key yet (`attribute_not_exists(members)`). Two creates of the same name at the same moment
 *   both write that key item: one transaction wins, the other is refused on its `duplicate` element and answers
 *   409 possible-duplicate naming the winner. Checking and claiming are one step, so no race lets both through.
 * - a key the customer no longer has (a rename, a removed phone, an archive): `DELETE members <id>` (the set's
 *   attribute disappears with its last member, so the key is free again);
 * - a pair item per candidate when a duplicate was allowed.
 */

export interface DuplicateKeyWrite {
  /** `false`: a newly claimed key must not be held by anyone (the 409 check). Absent: as `true`. */
  readonly allowDuplicates: boolean;
}

export const duplicateKeyParts = (
  tableName: string,
  customerId: string,
  before: DuplicateSubject | undefined,
  after: DuplicateSubject | undefined,
  write: DuplicateKeyWrite = { allowDuplicates: true },
): TransactItem[] => {
  const member = new Set([customerId]);
  const removals = removedKeys(before, after).map((key) =>
    plainUpdate(tableName, duplicateKeys.key(key.rule, key.value), { delete: { members: member } }),
  );
  const additions = addedKeys(before, after).map((key) => {
    const plan = { set: { rule: key.rule, value: key.value, entity: 'DuplicateKey' }, add: { members: member } };
    return write.allowDuplicates
      ? plainUpdate(tableName, duplicateKeys.key(key.rule, key.value), plan)
      : conditionalUpdate(tableName, duplicateKeys.key(key.rule, key.value), buildUpdateExpression(plan), {
          ConditionExpression: 'attribute_not_exists(#dupMembers)',
          names: { '#dupMembers': 'members' },
        });
  });
  return [...removals, ...additions];
};

/** A customer the write was allowed to duplicate, and the rules it matched on. */
export interface AllowedDuplicate {
  readonly customerId: string;
  readonly rules: readonly DuplicateRule[];
}

/** At most this many pairs per write (the rest are still found by the customers' keys): bounds the transaction. */
export const MAX_PAIRS_PER_WRITE = 10;

/**
 * The pair items of an allowed duplicate. An Update, not a Put: a pair detected again (a second import) keeps its
 * first detection and, once dismissed, stays dismissed (`if_not_exists` on the status and its index key).
 */
export const duplicatePairParts = (
  tableName: string,
  customerId: string,
  duplicates: readonly AllowedDuplicate[],
  actor: { username: string; at: string },
): TransactItem[] =>
  duplicates.slice(0, MAX_PAIRS_PER_WRITE).map((duplicate) => {
    const pairId = pairIdOf(customerId, duplicate.customerId);
    const ids = [customerId, duplicate.customerId].sort();
    return plainUpdate(tableName, duplicateKeys.pair(pairId), {
      set: { entity: 'DuplicatePair', pairId, customerIds: ids, rules: [...duplicate.rules] },
      setIfMissing: {
        status: 'open',
        version: 1,
        detectedAt: actor.at,
        detectedBy: actor.username,
        [duplicateKeys.pairsByStatus.pkAttribute]: duplicateKeys.pairsByStatus.pk('open'),
        [duplicateKeys.pairsByStatus.skAttribute]: duplicateKeys.pairSortKey(actor.at, pairId),
      },
    });
  });
