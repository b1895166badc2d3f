import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { backfillDuplicateKeys } from '#functions/jobs/duplicate-key-backfill';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { duplicateKeysOf } from '#shared/duplicates/duplicate-keys';
import { duplicateKeys, pairIdOf } from '#shared/duplicates/duplicate.keys';
import { useLocalStack } from '#test/support/e2e';

/** The duplicate-key back-fill on DynamoDB Local: customers stored before the duplicate index get their keys, once. */
describe('duplicate-key back-fill on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(16_5));
  const owner = `dupfill-${ids.next()}`;
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbCustomerRepository;
  let tableName: string;

  const customer = (name: string, extra: Partial<Customer> = {}): Customer => {
    const id = ids.next();
    return {
      id, customerNo: `DKB-${id.slice(-8)}`, name, level: 'ordinary', status: 'active', ownerId: owner, ownerName: owner, tags: [], type: 'customer', kind: 'company',
      version: 1, createdAt: '2025-01-02T03:04:05.000Z', createdBy: 'admin', updatedAt: '2025-01-02T03:04:05.000Z', updatedBy: 'admin', ...extra,
    };
  };
  /** As a customer written before the duplicate index: filed under none of its keys. */
  const unfile = async (made: Customer) => {
    for (const key of duplicateKeysOf(made)) {
      await client.send(new UpdateCommand({
        TableName: tableName, Key: duplicateKeys.key(key.rule, key.value),
        UpdateExpression: 'DELETE #members :member', ExpressionAttributeNames: { '#members': 'members' }, ExpressionAttributeValues: { ':member': new Set([made.id]) },
      }));
    }
  };
  const members = async (made: Customer, rule: 'name' | 'phone') => {
    const key = duplicateKeysOf(made).find((candidate) => candidate.rule === rule)!;
    const item = (await client.send(new GetCommand({ TableName: tableName, Key: duplicateKeys.key(key.rule, key.value), ConsistentRead: true }))).Item;
    return [...((item?.members as Set<string> | undefined) ?? [])].sort();
  };

  beforeAll(() => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbCustomerRepository(client, tableName);
  });
  afterAll(() => client.destroy());

  it('files old customers under their keys and records the pairs they form; a re-run writes nothing; archived ones stay out', async () => {
    // Prepare — `old` predates the index; `twin` (same company, another suffix) was created after it, so it holds the
    // name key alone; `current` is in step; `archived` holds no keys.
    const word = `去重回填${ids.next().slice(-6)}`;
    const old = customer(`${word}有限公司`, { phone: `010-6${String(Math.floor(seededRandom(16_5)() * 1e7)).padStart(7, '0')}` });
    const twin = customer(`${word}股份有限公司`);
    const current = customer(`${word}另一家科技`);
    const archived = customer(`${word}已归档`);
    await repository.create(old);
    await unfile(old);
    await repository.create(twin);
    for (const made of [current, archived]) await repository.create(made);
    await repository.archive(archived.id, { expectedVersion: 1 }, { username: 'admin', at: '2025-04-01T00:00:00.000Z' });
    const before = await members(old, 'name');

    // Act
    const first = await backfillDuplicateKeys(client, tableName, { ownerId: owner, pageSize: 2, at: '2026-03-02T08:15:00.000Z' });
    const second = await backfillDuplicateKeys(client, tableName, { ownerId: owner });

    // Assess
    expect(before).toEqual([twin.id]);
    expect(first).toEqual({ customers: 3, filed: 1, pairs: 1, retried: 0, skipped: 0 });
    expect(second).toEqual({ customers: 3, filed: 0, pairs: 0, retried: 0, skipped: 0 });
    expect(await members(old, 'name')).toEqual([old.id, twin.id].sort());
    expect(await members(old, 'phone')).toEqual([old.id]);
    const pair = (await client.send(new GetCommand({ TableName: tableName, Key: duplicateKeys.pair(pairIdOf(old.id, twin.id)) }))).Item;
    expect(pair).toMatchObject({ status: 'open', rules: ['name'], detectedAt: '2026-03-02T08:15:00.000Z', detectedBy: 'backfill' });
    expect((await repository.get(old.id))?.version).toBe(1);
  });
});
