import { BatchGetCommand, GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { part, parts, transactParts } from '#shared/db/transactions';
import { duplicateKeyParts, duplicatePairParts, type AllowedDuplicate } from '#shared/duplicates/duplicate-keys.writes';
import { duplicateKeysOf, type DuplicateKey, type DuplicateRule, type DuplicateSubject } from '#shared/duplicates/duplicate-keys';
import { duplicateKeys } from '#shared/duplicates/duplicate.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { walkCustomers, type CustomerWalkOptions } from './customer-walk';

export interface DuplicateKeyBackfillRun {
  /** Customers read from the list index. */
  readonly customers: number;
  /** Customers filed under the keys they were missing (a re-run finds them filed and writes nothing). */
  readonly filed: number;
  /** Candidate pairs recorded: a missing key already held by other customers (listed by GET /v1/customers/duplicates). */
  readonly pairs: number;
  /** Customers that changed under the back-fill and were read again. */
  readonly retried: number;
  /** Customers archived meanwhile (they hold no keys). */
  readonly skipped: number;
}

/** Reads of a customer that keeps changing under the back-fill before it gives up (the next run picks it up). */
const ATTEMPTS = 3;

/** The key items of a customer's keys (≤ 6), read consistently; unprocessed keys sent again. */
const keyItemsOf = async (client: DynamoDBDocumentClient, tableName: string, keys: readonly DuplicateKey[]): Promise<Item[]> => {
  const items: Item[] = [];
  let pending: Record<string, string>[] = keys.map((key) => duplicateKeys.key(key.rule, key.value));
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > ATTEMPTS) throw new Error('duplicate-key back-fill: a batch read left keys unprocessed; run it again');
    const answer = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
    items.push(...(answer.Responses?.[tableName] ?? []));
    pending = (answer.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, string>[];
  }
  return items;
};

/** The other customers filed under `keys`, each with the rules it shares: the pairs an allowed duplicate records. */
const othersUnder = (customerId: string, keys: readonly DuplicateKey[], keyItems: readonly Item[]): AllowedDuplicate[] => {
  const rules = new Map<string, Set<DuplicateRule>>();
  for (const key of keys) {
    const item = keyItems.find((candidate) => candidate.pk === duplicateKeys.key(key.rule, key.value).pk);
    for (const member of (item?.members as Set<string> | undefined) ?? []) {
      if (member !== customerId) rules.set(member, (rules.get(member) ?? new Set()).add(key.rule));
    }
  }
  return [...rules].map(([other, matched]) => ({ customerId: other, rules: [...matched] }));
};

/**
 * Files customers written before the duplicate index (docs/data-model.md, "Duplicate index") under their keys, so
 * creates and updates see them as candidates, and records a candidate pair where an old customer shares a key with
 * another one. No Scan: the customers come from the list index (customer-walk.ts; one owner's with `ownerId`).
 * Per customer: one consistent BatchGetItem of its keys (≤ 6); a customer filed under all of them is not written.
 * Otherwise one transaction: the customer's condition (still there, not archived, the version read) with `ADD
 * members` on each missing key and the pair items (at most 10, as an allowed duplicate writes them) — a write in
 * between refuses it, and the customer is read again. `ADD` to a string set and the pairs' `if_not_exists` make a
 * repeated write change nothing, so the back-fill is safe while the API writes, and re-runnable.
 */
export const backfillDuplicateKeys = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions & { readonly at?: string } = {},
): Promise<DuplicateKeyBackfillRun> => {
  const run = { customers: 0, filed: 0, pairs: 0, retried: 0, skipped: 0 };
  const actor = { username: 'backfill', at: options.at ?? new Date().toISOString() };

  const backfillCustomer = async (first: Item): Promise<void> => {
    run.customers += 1;
    const id = String(first.id);
    const key = customerKeys.item(id);
    let item: Item | undefined = first;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (!item || item.deletedAt !== undefined) {
        run.skipped += 1;
        return;
      }
      const keys = duplicateKeysOf(item as unknown as DuplicateSubject);
      const keyItems = await keyItemsOf(client, tableName, keys);
      const missing = keys.filter((wanted) => {
        const held = keyItems.find((candidate) => candidate.pk === duplicateKeys.key(wanted.rule, wanted.value).pk);
        return !((held?.members as Set<string> | undefined)?.has(id) ?? false);
      });
      if (missing.length === 0) return;
      const pairs = othersUnder(id, missing, keyItems);
      // The additions of exactly the missing keys: as if the customer had had none of them before.
      const filed = duplicateKeyParts(tableName, id, undefined, item as unknown as DuplicateSubject).filter((write) =>
        missing.some((wanted) => (write.Update?.Key as Item | undefined)?.pk === duplicateKeys.key(wanted.rule, wanted.value).pk),
      );
      const pairWrites = duplicatePairParts(tableName, id, pairs, actor);
      const refused = await transactParts(client, [
        part('customer', {
          ConditionCheck: {
            TableName: tableName,
            Key: key,
            ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(#deletedAt) AND #version = :version',
            ExpressionAttributeNames: { '#pk': 'pk', '#deletedAt': 'deletedAt', '#version': 'version' },
            ExpressionAttributeValues: { ':version': item.version },
          },
        }),
        ...parts('key', filed),
        ...parts('pair', pairWrites),
      ]);
      if (!refused) {
        run.filed += 1;
        run.pairs += pairWrites.length;
        return;
      }
      if (!refused.has('customer')) throw refused.error;
      run.retried += 1;
      item = (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    }
    throw new Error(`customer ${id} kept changing; run the back-fill again`);
  };

  await walkCustomers(client, tableName, options, backfillCustomer);
  return run;
};
