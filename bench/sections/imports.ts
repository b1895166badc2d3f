import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { documentClient } from '#shared/db/client';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table, writeGeneratedSection } from '../lib/markdown';

/**
 * Customer import (issue 16): rows per second, DynamoDB requests per row and the job's memory as the file grows.
 * The file goes the way a user's does — `POST /v1/imports` through the gateway, the presigned PUT to s3rver — and
 * the job's steps are the job handler (functions/imports/import-job.handler.ts) called in this process one after
 * another, as the self-invoke would (no event listener in the bench stack). Memory: the live heap — measured after a
 * forced full GC at the end of every step, above the same measure before the job — so the figure is what the job
 * keeps, not garbage; streaming means it must not follow the file's size. The sampled peak (garbage included) too.
 */

/** Commit mode (every row written; customers a chunk of 250 at a time): DynamoDB Local's write rate bounds these (see the floor below). */
export const IMPORT_SIZES = [1_000, 10_000] as const;
/** Validate mode (every row parsed, mapped, validated, nothing written): the job's own cost and memory at scale. */
export const VALIDATE_SIZES = [10_000, 100_000] as const;
export const IMPORT_MARKERS = { start: '<!-- bench:imports:start -->', end: '<!-- bench:imports:end -->' } as const;

/** The same rows through the single-row path (one API create transaction per row, as before chunks), paired in the run. */
export const SINGLE_ROW_SIZES = [200] as const;

export interface ImportSizeFigures {
  readonly mode: 'commit' | 'commit, single-row path' | 'validate';
  readonly rows: number;
  readonly fileBytes: number;
  readonly seconds: number;
  readonly steps: number;
  readonly created: number;
  readonly failed: number;
  readonly requests: Readonly<Record<string, number>>;
  /** Items written (PutItem/UpdateItem/transaction elements/BatchWriteItem requests' items), counted at the SDK. */
  readonly itemsWritten: number;
  /** The largest live heap (after a forced GC) at a step's end, above the live heap before the job. */
  readonly liveHeapAboveBaseline: number;
  readonly peakHeapAboveBaseline: number;
  readonly peakRss: number;
}

/** Items written by the job, counted at the SDK: one per Put/Update/Delete, per transaction element, per batch write request item. */
class WrittenItemCounter {
  count = 0;
  attach(client: ReturnType<typeof documentClient>): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { TransactItems?: unknown[]; RequestItems?: Record<string, unknown[]> };
        const name = context.commandName ?? '';
        if (name === 'TransactWriteItemsCommand') this.count += input.TransactItems?.length ?? 0;
        else if (name === 'BatchWriteItemCommand') this.count += Object.values(input.RequestItems ?? {}).reduce((sum, items) => sum + items.length, 0);
        else if (['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(name)) this.count += 1;
        return next(args);
      },
      { step: 'initialize', name: 'benchCountImportItems', override: true },
    );
  }
}

/** A full GC on demand: `global.gc` when node runs with --expose-gc, else the same function taken from V8. */
const forcedGc = (): (() => void) => {
  if (typeof global.gc === 'function') return global.gc as () => void;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
};

/** Runs of this process: each file's phone numbers are its own (a phone shared with an earlier file is a possible duplicate, skipped). */
let filesMade = 0;

const csvOf = (rows: number, run: string): string => {
  const lines = ['客户名称,客户等级,电话,邮箱,地址,标签'];
  const prefix = `13${String((filesMade += 1) % 100).padStart(2, '0')}`;
  for (let index = 0; index < rows; index += 1) {
    lines.push(`导入基准${run}客户${index}有限公司,普通客户,${prefix}${String(index).padStart(7, '0')},c${index}@bench${run}.example.com,北京市海淀区中关村大街${index}号,基准;导入`);
  }
  return lines.join('\r\n');
};

/**
 * For the paired comparison: the job's dependencies with the customers importer that has no chunk store, so every row
 * goes through the API's create, one transaction per row (what the job did before chunks).
 */
const useSingleRowPath = async (on: boolean): Promise<void> => {
  const container = await import('#functions/imports/import-job.container');
  if (!on) return container.useImportJobDependencies(undefined);
  const [{ customerImporter }, { customerDependencies }, { dictionaryCache }, { DynamoDbCustomerNumbers }, { loadConfig }] = await Promise.all([
    import('#functions/imports/customer.importer'),
    import('#functions/customers/customer/customer.container'),
    import('#shared/dictionary/dictionary.container'),
    import('#functions/imports/customer-numbers.repository'),
    import('#shared/core/config'),
  ]);
  const deps = container.importJobDependencies();
  const numbers = new DynamoDbCustomerNumbers(documentClient(), loadConfig().TABLE_NAME);
  const customers = customerImporter(customerDependencies(), dictionaryCache(), (customerNo) => numbers.customerIdOf(customerNo));
  container.useImportJobDependencies({ ...deps, importers: { ...deps.importers, customers } });
};

const measureOne = async (stack: BenchStack, mode: ImportSizeFigures['mode'], rows: number, counter: DynamoDbRequestCounter, items: WrittenItemCounter, log: (line: string) => void): Promise<ImportSizeFigures> => {
  const call = apiClient(stack.apiUrl, stack.tokens);
  const csv = csvOf(rows, `${rows}${Date.now().toString(36)}`);
  const bytes = Buffer.byteLength(csv);
  const started = expectStatus(
    await call<{ import: { id: string }; upload: { url: string; headers: Record<string, string> } }>('POST', '/v1/imports', { as: 'admin', body: { entity: 'customers', format: 'csv', mode: mode === 'validate' ? 'validate' : 'commit', onDuplicate: 'skip' } }),
    201,
    'start an import',
  ).json;
  const upload = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers, body: csv });
  if (upload.status !== 200) throw new Error(`upload: HTTP ${upload.status}`);
  const { handler } = await import('#functions/imports/import-job.handler');
  await useSingleRowPath(mode === 'commit, single-row path');

  const gc = forcedGc();
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let liveHeap = baseline;
  let peakHeap = baseline;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 50);
  counter.reset();
  items.count = 0;
  const begin = performance.now();
  let steps = 0;
  try {
    for (;;) {
      steps += 1;
      const { result } = await handler({ importId: started.import.id });
      gc();
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
      if (result !== 'continued') break;
      if (steps % 2 === 0) log(`bench: ${mode} of ${rows} rows, step ${steps}…`);
    }
  } finally {
    clearInterval(sampler);
    await useSingleRowPath(false);
  }
  const seconds = (performance.now() - begin) / 1000;
  const tally = counter.snapshot();
  const job = expectStatus(await call<{ status: string; progress: { created: number; valid: number; failed: number } }>('GET', `/v1/imports/${started.import.id}`, { as: 'admin' }), 200, 'read the import').json;
  if (job.status !== 'completed') throw new Error(`import ended ${job.status}`);
  return {
    mode,
    rows,
    fileBytes: bytes,
    seconds,
    steps,
    created: mode === 'validate' ? job.progress.valid : job.progress.created,
    failed: job.progress.failed,
    requests: tally.commands,
    itemsWritten: items.count,
    liveHeapAboveBaseline: liveHeap - baseline,
    peakHeapAboveBaseline: peakHeap - baseline,
    peakRss,
  };
};

export interface TransactionFloor {
  readonly kind: 'TransactWriteItems' | 'BatchWriteItem';
  readonly items: number;
  readonly concurrency: number;
  readonly transactions: number;
  readonly perSecond: number;
}

/**
 * What DynamoDB Local itself allows, measured in the same run on the same table: TransactWriteItems of `items`
 * fresh Puts (the size of one customer create: customer, number, idempotency record, composition counts, search
 * terms, duplicate keys, audit), one at a time and `concurrency` at a time as the job sends them. A commit import
 * writes one such transaction per row, so this is its ceiling here, whatever the job does around it.
 */
export const measureTransactionFloor = async (tableName: string, options: { items: number; concurrency: readonly number[]; transactions: number }): Promise<TransactionFloor[]> => {
  const { BatchWriteCommand, TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const client = documentClient();
  const run = `FLOOR#${Date.now().toString(36)}`;
  let next = 0;
  const transaction = () =>
    client.send(
      new TransactWriteCommand({
        TransactItems: Array.from({ length: options.items }, () => ({
          Put: { TableName: tableName, Item: { pk: `${run}#${(next += 1)}`, sk: 'FLOOR', payload: 'x'.repeat(300) }, ConditionExpression: 'attribute_not_exists(pk)' },
        })),
      }),
    );
  const batch = () =>
    client.send(new BatchWriteCommand({ RequestItems: { [tableName]: Array.from({ length: 25 }, () => ({ PutRequest: { Item: { pk: `${run}#${(next += 1)}`, sk: 'FLOOR', payload: 'x'.repeat(300) } } })) } }));
  const figures: TransactionFloor[] = [];
  const measure = async (kind: TransactionFloor['kind'], items: number, concurrency: number, send: () => Promise<unknown>) => {
    let left = options.transactions;
    const begin = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await send(); }));
    figures.push({ kind, items, concurrency, transactions: options.transactions, perSecond: options.transactions / ((performance.now() - begin) / 1000) });
  };
  for (const concurrency of options.concurrency) await measure('TransactWriteItems', options.items, concurrency, transaction);
  // What the chunked import sends for terms and audit entries: 25 Puts a request, 8 requests in flight.
  await measure('BatchWriteItem', 25, 8, batch);
  return figures;
};

export const measureImports = async (
  stack: BenchStack,
  options: { sizes: readonly number[]; singleRowSizes?: readonly number[]; validateSizes?: readonly number[]; log: (line: string) => void; onFigure?: (figures: readonly ImportSizeFigures[]) => Promise<void> },
): Promise<ImportSizeFigures[]> => {
  // The job's steps continue through this loop, not through the in-process trigger: register a runner that does nothing.
  const { useLocalImportJobRunner } = await import('#functions/imports/import-job.trigger');
  useLocalImportJobRunner(async () => undefined);
  const counter = new DynamoDbRequestCounter();
  counter.attach(documentClient(), { returnConsumedCapacity: false });
  const items = new WrittenItemCounter();
  items.attach(documentClient());
  const figures: ImportSizeFigures[] = [];
  const runs: [ImportSizeFigures['mode'], number][] = [
    ...options.sizes.slice(0, 1).map((rows): [ImportSizeFigures['mode'], number] => ['commit', rows]),
    ...(options.singleRowSizes ?? []).map((rows): [ImportSizeFigures['mode'], number] => ['commit, single-row path', rows]),
    ...(options.validateSizes ?? []).map((rows): [ImportSizeFigures['mode'], number] => ['validate', rows]),
    ...options.sizes.slice(1).map((rows): [ImportSizeFigures['mode'], number] => ['commit', rows]),
  ];
  for (const [mode, rows] of runs) {
    figures.push(await measureOne(stack, mode, rows, counter, items, options.log));
    options.log(`bench: ${mode} ${rows} rows: ${(rows / figures.at(-1)!.seconds).toFixed(0)} rows/s · load ${loadAverage()}`);
    await options.onFigure?.(figures);
  }
  return figures;
};

/** The machine's load average now (`uptime`): the machine is shared, so every figure is read beside it. */
export const loadAverage = (): string => {
  try {
    return execSync('uptime', { encoding: 'utf8' }).split('load average:')[1]?.trim() ?? '?';
  } catch {
    return '?';
  }
};

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const perRow = (requests: Readonly<Record<string, number>>, rows: number): string =>
  Object.entries(requests)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([command, count]) => `${command} ${(count / rows).toFixed(2)}`)
    .join(', ');

export const renderImportSection = (figures: readonly ImportSizeFigures[], floor: readonly TransactionFloor[], provenance: string): string =>
  [
    '## Customer import: rows per second, requests per row, memory (issue 16)',
    '',
    provenance,
    '',
    'A CSV of N generated customers (name, level label, phone, e-mail, address, tags) uploaded through a presigned PUT to s3rver, then the import job run step by step in this process against DynamoDB Local. Commit mode writes the rows a chunk of 250 at a time (docs/import.md, "Chunks": every item of the API\'s create — customer, number sentinel, idempotency record, duplicate keys, search terms, audit entry, composition counts). Requests and items written counted at the SDK; live heap = the heap after a forced GC at each step\'s end, the largest above the same before the job; peak heap = sampled every 50 ms, garbage included.',
    '',
    table(
      ['mode', 'rows', 'file', 'job time', 'rows/s', 'steps', 'created', 'failed', 'DynamoDB requests per row', 'items written per row', 'live heap above baseline (after GC, step ends)', 'peak heap above baseline', 'peak RSS'],
      figures.map((figure) => [
        figure.mode,
        figure.rows.toLocaleString('en'),
        mib(figure.fileBytes),
        `${figure.seconds.toFixed(1)} s`,
        (figure.rows / figure.seconds).toFixed(0),
        figure.steps,
        figure.created,
        figure.failed,
        perRow(figure.requests, figure.rows),
        (figure.itemsWritten / figure.rows).toFixed(1),
        mib(figure.liveHeapAboveBaseline),
        mib(figure.peakHeapAboveBaseline),
        mib(figure.peakRss),
      ]),
    ),
    '',
    '(`created` is `valid` in validate mode.) The floor, same run, same DynamoDB Local: raw writes of fresh Puts, no job code around them.',
    '',
    table(
      ['request', 'items per request', 'at a time', 'requests', 'requests/s', 'items/s'],
      floor.map((entry) => [entry.kind, entry.items, entry.concurrency, entry.transactions, entry.perSecond.toFixed(1), (entry.perSecond * entry.items).toFixed(0)]),
    ),
    '',
    `Load average (\`uptime\`) at the end of the run: ${loadAverage()}.`,
  ].join('\n');

/** `BENCH_ONLY=imports npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runImportBench = async (options: { command: string; onCleanup: (stop: () => Promise<void>) => void; log: (line: string) => void }): Promise<void> => {
  const { startBenchStack } = await import('../lib/bench-stack');
  const { describeMachine } = await import('../lib/machine');
  const machine = describeMachine();
  const stack = await startBenchStack();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stack.stop());
  options.onCleanup(stop);
  try {
    const sizesOf = (value: string | undefined, fallback: readonly number[]) => (value === undefined ? [...fallback] : value.split(',').filter(Boolean).map(Number));
    const sizes = sizesOf(process.env['BENCH_IMPORT_ROWS'], IMPORT_SIZES);
    const singleRowSizes = sizesOf(process.env['BENCH_IMPORT_SINGLE_ROWS'], SINGLE_ROW_SIZES);
    const validateSizes = sizesOf(process.env['BENCH_IMPORT_VALIDATE_ROWS'], VALIDATE_SIZES);
    const { IMPORT_LIMITS } = await import('#functions/imports/import-job.container');
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    const provenance = `_\`${options.command}\` (bench/sections/imports.ts) · ${machine.date} · node ${machine.node}, ${machine.cores} cores_`;
    let floor: TransactionFloor[] = [];
    const write = (figures: readonly ImportSizeFigures[]) => writeGeneratedSection(path, renderImportSection(figures, floor, provenance), '# Benchmarks\n', IMPORT_MARKERS);
    // The section is written after every size, so a long run keeps what it measured. The floor after the first size
    // (a warm DynamoDB Local: measured first, it reads the JVM's warm-up).
    const onFigure = async (figures: readonly ImportSizeFigures[]) => {
      if (floor.length === 0) {
        floor = await measureTransactionFloor(stack.info.tableName, { items: 15, concurrency: [1, IMPORT_LIMITS.concurrency], transactions: 100 });
        for (const entry of floor) options.log(`bench: floor ${entry.kind} of ${entry.items} items, ${entry.concurrency} at a time: ${entry.perSecond.toFixed(1)}/s`);
      }
      await write(figures);
    };
    const figures = await measureImports(stack, { sizes, singleRowSizes, validateSizes, log: options.log, onFigure });
    await write(figures);
    for (const figure of figures) options.log(`bench: ${figure.mode} ${figure.rows} rows: ${(figure.rows / figure.seconds).toFixed(0)} rows/s, ${(figure.itemsWritten / figure.rows).toFixed(1)} items/row, live heap +${mib(figure.liveHeapAboveBaseline)}, peak heap +${mib(figure.peakHeapAboveBaseline)}`);
    options.log(`bench: results written to ${path}`);
  } finally {
    await stop();
  }
};
