import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DictionaryDependencies } from '#functions/admin/dictionary/dictionary.ports';
import { DynamoDbDictionaryRepository } from '#functions/admin/dictionary/dictionary.repository';
import { replaceDictionaryType } from '#functions/admin/dictionary/replace-dictionary-type.use-case';
import { ensureTable } from '#local/bootstrap-table';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { dictionaryKeys } from '#shared/dictionary/dictionary.keys';
import { DynamoDbDictionarySource } from '#shared/dictionary/dictionary-lists.repository';
import { DEFAULT_DICTIONARY, usageKey, type DictionaryEntry } from '#shared/dictionary/dictionary';
import { checkCodes, DictionaryCache } from '#shared/dictionary/lookup';
import { ddbClient, useLocalStack, useScratchDynamoDb } from '#test/support/e2e';
import { auditEntriesOf, changesOf } from '#test/support/audit-entries';
import { callers } from '#test/fakes/customer-test-kit';

// Tables of its own only: in the run's second DynamoDB Local (test/support/e2e.ts says why).
useScratchDynamoDb();

/**
 * The dictionary store on DynamoDB Local, on a table of its own: the dictionary is one global partition, and the
 * e2e suites running in parallel must not see these lists.
 */
describe('dictionary store (DynamoDB Local)', () => {
  const tableName = `crm-int-dictionary-${randomBytes(4).toString('hex')}`;
  const at = '2026-11-22T08:00:00.000Z';
  let client: ReturnType<typeof createDocumentClient>;
  let repository: DynamoDbDictionaryRepository;
  let source: DynamoDbDictionarySource;
  let deps: DictionaryDependencies;

  beforeAll(async () => {
    const info = useLocalStack();
    const admin = ddbClient();
    await ensureTable(admin, tableName);
    admin.destroy();
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbDictionaryRepository(client, tableName);
    source = new DynamoDbDictionarySource(client, tableName);
    deps = { dictionary: repository, clock: { now: () => new Date(at) }, afterChange: () => undefined };
  });
  afterAll(async () => {
    const admin = ddbClient();
    await admin.send(new DeleteTableCommand({ TableName: tableName }));
    admin.destroy();
    client.destroy();
  });

  const replace = (type: 'regions' | 'industries' | 'lost-reasons', entries: DictionaryEntry[], expectedVersion: number) =>
    replaceDictionaryType(deps, { caller: callers.admin, type, input: { entries }, expectedVersion });

  it('reads the built-in lists, version 0, while nothing is stored', async () => {
    const snapshot = await repository.read();

    expect(snapshot.lists.get('customer-levels')).toEqual({ type: 'customer-levels', entries: DEFAULT_DICTIONARY['customer-levels'], version: 0 });
    expect(snapshot.used.size).toBe(0);
  });

  it('stores a replaced list with its active codes and an audit entry, in one transaction', async () => {
    const entries = [...DEFAULT_DICTIONARY.industries, { code: 'aerospace', label: '航空航天', active: false }];

    await replace('industries', entries, 0);

    const { Item: item } = await client.send(new GetCommand({ TableName: tableName, Key: dictionaryKeys.list('industries') }));
    expect(item).toMatchObject({ entity: 'DictionaryList', version: 1, createdBy: 'admin', updatedAt: at });
    expect(item?.activeCodes).toEqual(DEFAULT_DICTIONARY.industries.map((entry) => entry.code));
    expect((await repository.read('industries')).lists.get('industries')?.entries).toEqual(entries);
    const [entry, ...more] = await auditEntriesOf(client, tableName, 'dictionary', 'industries');
    expect(more).toEqual([]);
    expect(entry).toMatchObject({ action: 'update', actor: 'admin', entityVersion: 1 });
    expect(changesOf(entry)).toEqual({ aerospace: { new: { label: '航空航天', active: false } } });
  });

  it('refuses a stale version (412) and writes nothing, audit included', async () => {
    await expect(replace('industries', [...DEFAULT_DICTIONARY.industries], 0)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    // The transaction's own condition, not just the use case's read: a write between read and write is caught too.
    await expect(
      repository.replace({ type: 'industries', entries: [...DEFAULT_DICTIONARY.industries], version: 2 }, { expectedVersion: 0, removedCodes: [] }, {
        at, actor: 'admin', action: 'update', entityType: 'dictionary', entityId: 'industries', changes: [],
      }),
    ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    expect(await auditEntriesOf(client, tableName, 'dictionary', 'industries')).toHaveLength(1);
  });

  it('marks a code used once, conditionally on it being an active code of the stored list', async () => {
    const marker = { at, by: 'am1' };

    await expect(source.markUsed([{ type: 'industries', code: 'steel', path: 'body.industry' }], marker)).resolves.toEqual({ refused: [] });
    await expect(source.markUsed([{ type: 'industries', code: 'steel', path: 'body.industry' }], { at: '2027-01-01T00:00:00.000Z', by: 'am2' })).resolves.toEqual({ refused: [] });
    // Inactive in the stored list → refused, no marker.
    await expect(source.markUsed([{ type: 'industries', code: 'aerospace', path: 'body.industry' }], marker)).resolves.toMatchObject({ refused: [{ code: 'aerospace' }] });
    // No stored list: the built-in one applies (its codes were checked by the caller).
    await expect(source.markUsed([{ type: 'regions', code: 'east-china', path: 'body.region' }], marker)).resolves.toEqual({ refused: [] });

    const { Item: steel } = await client.send(new GetCommand({ TableName: tableName, Key: dictionaryKeys.used('industries', 'steel') }));
    expect(steel).toMatchObject({ entity: 'DictionaryCodeUse', firstUsedAt: at, firstUsedBy: 'am1' });
    const snapshot = await source.load();
    expect([...snapshot.used].sort()).toEqual([usageKey('industries', 'steel'), usageKey('regions', 'east-china')]);
  });

  it('refuses to remove a used code (409) — even when the use lands after the use case read the markers', async () => {
    await expect(replace('regions', DEFAULT_DICTIONARY.regions.filter((entry) => entry.code !== 'east-china'), 0)).rejects.toMatchObject({
      code: ErrorCode.DictionaryCodeInUse,
      message: expect.stringContaining('`east-china`'),
    });
    // The race: the marker of `overseas` is written after the read, before the transaction.
    const racing: DynamoDbDictionaryRepository = Object.assign(Object.create(repository) as DynamoDbDictionaryRepository, {
      read: async (type?: 'regions') => {
        const snapshot = await repository.read(type);
        await source.markUsed([{ type: 'regions', code: 'overseas', path: 'body.region' }], { at, by: 'am2' });
        return snapshot;
      },
    });
    const withoutOverseas = DEFAULT_DICTIONARY.regions.filter((entry) => entry.code !== 'overseas');
    await expect(replaceDictionaryType({ ...deps, dictionary: racing }, { caller: callers.admin, type: 'regions', input: { entries: withoutOverseas }, expectedVersion: 0 })).rejects.toMatchObject({
      code: ErrorCode.DictionaryCodeInUse,
      message: expect.stringContaining('`overseas`'),
    });
    expect((await repository.read('regions')).lists.get('regions')?.version).toBe(0);
    expect(await auditEntriesOf(client, tableName, 'dictionary', 'regions')).toEqual([]);
  });

  it('lets a used code be relabelled and an unused one removed; a container with the old list is refused the removed code', async () => {
    const stale = new DictionaryCache(source);
    await stale.snapshot();
    const entries = DEFAULT_DICTIONARY['lost-reasons']
      .filter((entry) => entry.code !== 'relocation')
      .map((entry) => (entry.code === 'price' ? { ...entry, label: '价格太高' } : entry));
    await source.markUsed([{ type: 'lost-reasons', code: 'price', path: 'body.reason' }], { at, by: 'sales' });

    const replaced = await replace('lost-reasons', entries, 0);

    expect(replaced).toMatchObject({ version: 1, usedCodes: ['price'] });
    await expect(checkCodes(stale, [{ type: 'lost-reasons', code: 'relocation', path: 'body.reason' }], { at, by: 'am1' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'body.reason', message: expect.stringContaining('just removed') }] },
    });
    const { Item: marker } = await client.send(new GetCommand({ TableName: tableName, Key: dictionaryKeys.used('lost-reasons', 'relocation') }));
    expect(marker).toBeUndefined();
  });
});
