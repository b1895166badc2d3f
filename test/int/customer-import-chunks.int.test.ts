import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '#local/bootstrap-table';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DynamoDbCustomerSearchIndex } from '#functions/customers/search/customer-search.repository';
import { searchCustomersQuery } from '#functions/customers/search/customer-search.schema';
import { searchCustomers } from '#functions/customers/search/search-customers.use-case';
import type { CustomerChunkStore } from '#functions/imports/customer-chunk';
import { DynamoDbCustomerChunkStore } from '#functions/imports/customer-chunk.repository';
import { customerImporter } from '#functions/imports/customer.importer';
import { DynamoDbCustomerNumbers } from '#functions/imports/customer-numbers.repository';
import { DynamoDbImportRepository } from '#functions/imports/import.repository';
import type { EntityImporter } from '#functions/imports/import-rows';
import type { ImportJob, WrittenRecord } from '#functions/imports/import.ports';
import { EMPTY_PROGRESS } from '#functions/imports/import.rules';
import type { ImportDependencies } from '#functions/imports/imports.dependencies';
import { revertImport } from '#functions/imports/revert-import.use-case';
import { runImportStep } from '#functions/imports/run-import-job.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { DynamoDbDictionarySource } from '#shared/dictionary/dictionary-lists.repository';
import { DictionaryCache } from '#shared/dictionary/lookup';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { normalizedCompanyName } from '#shared/duplicates/duplicate-keys';
import { duplicateKeys } from '#shared/duplicates/duplicate.keys';
import { fileKeys } from '#shared/files/file-keys';
import { customerKeys } from '#shared/keys/customer.keys';
import { compositionKeys } from '#shared/reports/report.keys';
import { recordingReadGuard } from '#test/fakes/fake-read-guard';
import { DEMO_DIRECTORY, fakeUserDirectory } from '#test/fakes/fake-user-directory';
import { InMemoryFileStore } from '#test/fakes/in-memory-file-store';
import { ddbClient, useLocalStack } from '#test/support/e2e';

/**
 * Issue 16: a commit import of customers written a chunk at a time (functions/imports/import-customer-chunk.use-case.ts)
 * keeps every invariant of POST /v1/customers — composition counts, search terms, duplicate keys, audit entry,
 * unique numbers — and a step that dies after the chunk's batch writes, or after its marker completed, doubles
 * nothing when Lambda runs it again. A table of its own: the composition counts are this file's alone.
 */
describe('customer import in chunks on DynamoDB Local', () => {
  const tableName = `crm-import-chunks-${randomBytes(4).toString('hex')}`;
  const at = '2026-12-07T05:00:00.000Z';
  const clock = { now: () => new Date(at) };
  const ids = ulidGenerator(seededRandom(41));
  const crash = () => Object.assign(new Error('the step died'), { name: 'ServiceUnavailable' });
  let admin: ReturnType<typeof ddbClient>;
  let client: ReturnType<typeof createDocumentClient>;
  let deps: ImportDependencies;
  let files: InMemoryFileStore;
  /** Crashes to inject: before the marker's completing transaction, or right after it. */
  const faults = { beforeComplete: 0, afterComplete: 0 };

  const raw = async (key: { pk: string; sk: string }) => (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const query = async (pk: string, index?: { name: string; pkAttribute: string }) =>
    (
      await client.send(
        new QueryCommand({
          TableName: tableName,
          ...(index ? { IndexName: index.name, KeyConditionExpression: '#pk = :pk', ExpressionAttributeNames: { '#pk': index.pkAttribute } } : { KeyConditionExpression: 'pk = :pk' }),
          ExpressionAttributeValues: { ':pk': pk },
        }),
      )
    ).Items ?? [];
  /** The composition counts summed over the shards: `level#ordinary` → count. */
  const composition = async (): Promise<Map<string, number>> => {
    const counts = new Map<string, number>();
    for (const item of await query(compositionKeys.partition)) {
      const bucket = String(item.sk).split('#').slice(0, 2).join('#');
      counts.set(bucket, (counts.get(bucket) ?? 0) + Number(item.count));
    }
    return counts;
  };
  const customersOwnedBy = async (ownerId: string) => query(customerKeys.byOwner.pk(ownerId), { name: customerKeys.byOwner.index, pkAttribute: customerKeys.byOwner.pkAttribute });

  const uploaded = async (csv: string, onDuplicate: ImportJob['onDuplicate'] = 'skip'): Promise<string> => {
    const job: ImportJob = {
      id: ids.next(), entity: 'customers', format: 'csv', mode: 'commit', onDuplicate, status: 'awaiting-upload', progress: { ...EMPTY_PROGRESS },
      scope: 'all', checkpoint: 0, ttl: 1_900_000_000, version: 1, createdAt: at, createdBy: 'sales', updatedAt: at, updatedBy: 'sales',
    };
    await deps.imports.create(job);
    await files.put(fileKeys.importFile(job.id), csv, 'text/csv');
    return job.id;
  };
  /** The job's invocations as Lambda makes them: a step that throws is invoked again, a continued one too. */
  const runAsLambda = async (importId: string): Promise<string[]> => {
    const outcomes: string[] = [];
    for (let count = 0; count < 20; count += 1) {
      try {
        const result = await runImportStep(deps, importId);
        outcomes.push(result);
        if (result !== 'continued') break;
      } catch (error) {
        outcomes.push(`threw ${(error as Error).name}`);
      }
    }
    return outcomes;
  };
  const createdRecords = async (importId: string): Promise<WrittenRecord[]> => (await deps.imports.listChunks(importId, undefined, 100)).flatMap((chunk) => chunk.created);

  beforeAll(async () => {
    const info = useLocalStack();
    admin = ddbClient();
    await ensureTable(admin, tableName);
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    files = new InMemoryFileStore();
    const store = new DynamoDbCustomerChunkStore(client, tableName);
    const crashing: CustomerChunkStore = {
      marker: (...args) => store.marker(...args),
      claimMarker: (...args) => store.claimMarker(...args),
      inspect: (...args) => store.inspect(...args),
      claim: (...args) => store.claim(...args),
      writeDerived: (...args) => store.writeDerived(...args),
      complete: async (...args) => {
        if (faults.beforeComplete > 0) {
          faults.beforeComplete -= 1;
          throw crash();
        }
        const done = await store.complete(...args);
        if (faults.afterComplete > 0) {
          faults.afterComplete -= 1;
          throw crash();
        }
        return done;
      },
    };
    const customers = customerImporter(
      {
        customers: new DynamoDbCustomerRepository(client, tableName),
        duplicates: new DynamoDbDuplicateFinder(client, tableName),
        directory: fakeUserDirectory(DEMO_DIRECTORY),
        clock,
        ids,
        readGuard: recordingReadGuard().guard,
      },
      new DictionaryCache(new DynamoDbDictionarySource(client, tableName)),
      (customerNo) => new DynamoDbCustomerNumbers(client, tableName).customerIdOf(customerNo),
      crashing,
    );
    const unused = {} as EntityImporter;
    deps = {
      imports: new DynamoDbImportRepository(client, tableName),
      files,
      clock,
      ids,
      trigger: { continueJob: async () => undefined },
      importers: { customers, contacts: unused, products: unused },
      dictionary: async () => new DictionaryCache(new DynamoDbDictionarySource(client, tableName)).snapshot(),
      customFields: { definitionsOf: async () => [] },
      // 3 steps of 2 chunks of 4 rows (the last step shorter).
      limits: { maxBytes: 1_000_000, maxRows: 1_000, maxCellLength: 200, maxColumns: 20, chunkRows: 8, validateChunkRows: 100, writeChunkRows: 4, concurrency: 4, stepMillis: 60_000, revertChunks: 5 },
    };
  });
  afterAll(async () => {
    await admin.send(new DeleteTableCommand({ TableName: tableName }));
    admin.destroy();
    client.destroy();
  });

  it('keeps every invariant of a create, and a step that dies after the batch writes or after the marker doubles nothing', async () => {
    // Prepare — 18 rows: 15 new customers (3 levels), a row repeating line 3's company (a duplicate within the file,
    // in the same chunk), one taking the number of a customer that exists, one with an unknown level.
    const existing: Customer = {
      id: ids.next(), customerNo: 'IMPCHUNK-TAKEN', name: '既有客户甲', level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'am1',
      tags: [], type: 'customer', kind: 'company', version: 1, createdAt: at, createdBy: 'sales', updatedAt: at, updatedBy: 'sales',
    };
    await new DynamoDbCustomerRepository(client, tableName).create(existing, undefined, { allow: false });
    const levels = ['普通客户', 'major', '重点开发客户'];
    const name = (index: number) => `分块导入测试${index}号科技有限公司`;
    const phone = (index: number) => `010-6${String(1_000_000 + index).padStart(7, '0')}`;
    const lines = Array.from({ length: 15 }, (_, index) => `${name(index)},${levels[index % 3]},${phone(index)},,`);
    lines.splice(3, 0, `${name(1).replace('科技', '科技 ')},普通客户,,,`);
    lines.push(`接续客户乙,普通客户,,,IMPCHUNK-TAKEN`, `未知等级客户丙,gold,,,`);
    const csv = ['客户名称,客户等级,电话,邮箱,客户编号', ...lines].join('\r\n');
    const before = await composition();
    const importId = await uploaded(csv);
    // The first chunk dies after its claims and batch writes, before its marker completes.
    faults.beforeComplete = 1;

    // Act — that step is run again by Lambda; then a later step dies right after a marker completed, and runs again.
    const first = await runImportStep(deps, importId).then(String, (error: Error) => `threw ${error.name}`);
    faults.afterComplete = 1;
    const rest = await runAsLambda(importId);

    // Assess — the job: 15 created, the repeat and the taken number skipped, the unknown level failed.
    expect(first).toBe('threw ServiceUnavailable');
    expect(rest.filter((outcome) => outcome.startsWith('threw'))).toEqual(['threw ServiceUnavailable']);
    expect(faults).toEqual({ beforeComplete: 0, afterComplete: 0 });
    const job = (await deps.imports.get(importId))!;
    expect(job.status).toBe('completed');
    expect(job.progress).toMatchObject({ total: 18, read: 18, created: 15, skipped: 2, failed: 1 });
    const records = await createdRecords(importId);
    expect(records).toHaveLength(15);
    const created = await Promise.all(records.map(async (record) => (await raw(customerKeys.item(record.recordId)))!));
    expect(created.map((customer) => customer.name).sort()).toEqual(Array.from({ length: 15 }, (_, index) => name(index)).sort());
    // Nothing doubled: the owner's list holds exactly these 15 customers.
    expect((await customersOwnedBy('sales')).map((item) => item.id).sort()).toEqual(records.map((record) => record.recordId).sort());

    // Unique customer numbers, each held by its sentinel.
    const numbers = created.map((customer) => String(customer.customerNo));
    expect(new Set(numbers).size).toBe(15);
    const sentinels = await Promise.all(created.map(async (customer) => (await raw(customerKeys.uniqueNo(String(customer.customerNo))))?.customerId));
    expect(sentinels).toEqual(created.map((customer) => customer.id));

    // The composition counts moved by exactly the created customers (5 per level), once.
    const after = await composition();
    const delta = (bucket: string) => (after.get(bucket) ?? 0) - (before.get(bucket) ?? 0);
    expect([delta('level#ordinary'), delta('level#major'), delta('level#key-prospect')]).toEqual([5, 5, 5]);

    // The duplicate index: each name and phone key held by its customer alone.
    const nameKeys = await Promise.all(created.map(async (customer) => (await raw(duplicateKeys.key('name', normalizedCompanyName(String(customer.name))!)))?.members));
    expect(nameKeys).toEqual(created.map((customer) => new Set([customer.id])));

    // The audit trail: one creation entry per customer, none twice.
    const trails = await Promise.all(created.map(async (customer) => (await query(`AUDIT#customer#${customer.id}`)).map((entry) => [entry.action, entry.entityVersion])));
    expect(trails).toEqual(created.map(() => [['create', 1]]));

    // The search index: found by an infix of the name and by the phone number.
    const index = new DynamoDbCustomerSearchIndex(client, tableName);
    const caller = { username: 'sales', scope: 'all' as const };
    const byInfix = await searchCustomers({ index }, { caller, query: searchCustomersQuery.parse({ q: '块导入测试7号' }) });
    expect(byInfix.items.map((item) => item.name)).toEqual([name(7)]);
    const byPhone = await searchCustomers({ index }, { caller, query: searchCustomersQuery.parse({ phone: phone(11) }) });
    expect(byPhone.items.map((item) => item.name)).toEqual([name(11)]);
  });

  it('reverts a chunk-written import: its customers archived, their counts and keys given back', async () => {
    // Prepare
    const names = ['分块撤销甲有限公司', '分块撤销乙有限公司', '分块撤销丙有限公司', '分块撤销丁有限公司', '分块撤销戊有限公司'];
    const importId = await uploaded(['客户名称,客户等级', ...names.map((entry) => `${entry},大客户`)].join('\n'));
    const before = await composition();
    await runAsLambda(importId);
    const committed = (await deps.imports.get(importId))!;
    const records = await createdRecords(importId);

    // Act
    await revertImport(deps, { caller: { username: 'sales', scope: 'all' }, importId, expectedVersion: committed.version });
    const outcomes = await runAsLambda(importId);

    // Assess
    expect(committed.progress).toMatchObject({ created: 5 });
    expect(outcomes.at(-1)).toBe('done');
    expect((await deps.imports.get(importId))!.progress).toMatchObject({ reverted: 5, revertRefused: 0 });
    const archived = await Promise.all(records.map(async (record) => (await raw(customerKeys.item(record.recordId)))?.deletedAt !== undefined));
    expect(archived).toEqual(records.map(() => true));
    expect(((await composition()).get('level#major') ?? 0) - (before.get('level#major') ?? 0)).toBe(0);
    expect((await raw(duplicateKeys.key('name', normalizedCompanyName(names[0]!)!)))?.members).toBeUndefined();
  });
});
