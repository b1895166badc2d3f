import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { duplicateKeyEntity } from '#shared/duplicates/duplicate-key.entity';
import { sameKey, type DuplicateKey, type DuplicateRule } from '#shared/duplicates/duplicate-keys';
import { duplicateKeys } from '#shared/duplicates/duplicate.keys';
import { customerKeys } from '#shared/keys/customer.keys';
import type { DuplicateCandidate, DuplicateFinder } from './duplicate-candidates';

/** BatchGetItem's unprocessed keys are sent again this many times before the read fails. */
const BATCH_ATTEMPTS = 4;
/** BatchGetItem reads at most 100 keys; candidates beyond that are counted, not read. */
const MAX_CANDIDATES_READ = 100;

/** Consistent BatchGetItem of up to 100 keys, unprocessed keys retried. */
export const batchGetItems = async (client: DynamoDBDocumentClient, tableName: string, keys: readonly { pk: string; sk: string }[]): Promise<Item[]> => {
  const items: Item[] = [];
  let pending = [...keys];
  for (let attempt = 1; pending.length > 0; attempt += 1) {
    if (attempt > BATCH_ATTEMPTS) throw new Error('duplicates: batch read left keys unprocessed');
    const result = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }));
    items.push(...(result.Responses?.[tableName] ?? []));
    pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as { pk: string; sk: string }[];
  }
  return items;
};

/**
 * The duplicate candidates of a customer: one BatchGetItem of its keys (≤ 6: name, phone, domain, 3 tax numbers),
 * then one of the customers they hold (≤ 100). Consistent reads, so a customer created a moment ago is found. No Scan.
 */
export class DynamoDbDuplicateFinder implements DuplicateFinder {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async candidatesOf(keys: readonly DuplicateKey[], excludeId?: string): Promise<DuplicateCandidate[]> {
    if (keys.length === 0) return [];
    const keyItems = await batchGetItems(this.client, this.tableName, keys.map((key) => duplicateKeys.key(key.rule, key.value)));
    const rulesById = new Map<string, Set<DuplicateRule>>();
    for (const item of keyItems) {
      const key = duplicateKeyEntity.fromItem(item);
      if (!keys.some((asked) => sameKey(asked, key))) continue;
      for (const id of key.members ?? []) {
        if (id === excludeId) continue;
        rulesById.set(id, (rulesById.get(id) ?? new Set()).add(key.rule));
      }
    }
    const ids = [...rulesById.keys()].sort().slice(0, MAX_CANDIDATES_READ);
    if (ids.length === 0) return [];
    const customers = await batchGetItems(this.client, this.tableName, ids.map((id) => customerKeys.item(id)));
    // Only the few head fields a candidate shows are read off the customer items (no feature's entity module here:
    // shared/ imports none), so every writer of a customer — customers, imports, opportunities — can use the finder.
    return customers
      .map((item) => item as unknown as Pick<DuplicateCandidate, 'id' | 'customerNo' | 'name' | 'ownerId' | 'ownerName'> & { deletedAt?: string })
      .filter((customer) => customer.deletedAt === undefined)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((customer) => ({
        id: customer.id,
        customerNo: customer.customerNo,
        name: customer.name,
        ownerId: customer.ownerId,
        ownerName: customer.ownerName,
        matchedBy: [...(rulesById.get(customer.id) ?? [])].sort(),
      }));
  }
}
