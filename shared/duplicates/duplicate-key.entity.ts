import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { DuplicateRule } from './duplicate-keys';
import { duplicateKeys } from './duplicate.keys';

/**
 * One key of the duplicate index and the customers filed under it (`members`, a string set): the item a create's
 * or update's transaction adds the customer to — conditional on the set being empty unless a duplicate is allowed —
 * and removes it from when the key changes or the customer is archived (shared/duplicates/duplicate-keys.writes.ts).
 * Candidates of a customer are one BatchGetItem of its keys (at most 6), never a Scan.
 */
export interface DuplicateKeyItem {
  readonly rule: DuplicateRule;
  readonly value: string;
  readonly members: ReadonlySet<string>;
}

export const duplicateKeyEntity = defineEntity<DuplicateKeyItem>({
  name: 'DuplicateKey',
  fields: fieldsOf<DuplicateKeyItem>()('rule', 'value', 'members'),
  keyOf: (key) => duplicateKeys.key(key.rule, key.value),
});
