import { fileURLToPath } from 'node:url';
import { documentClient } from '#shared/db/client';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table, writeGeneratedSection } from '../lib/markdown';

/**
 * Customer import (issue 16): rows per second, DynamoDB requests per row and the job's memory as the file grows.
 * The file goes the way a user's does — `POST /v1/imports` through the gateway, the presigned PUT to s3rver — and
 * the job's steps are the job handler (functions/imports/import-job.handler.ts) called in this process one after
 * another, as the self-invoke would (no event listener in the bench stack). Memory: the process's heap sampled
 * every 50 ms during the job, above the heap before it; streaming means the peak must not follow the file's size.
 */

/** Commit mode (every row written): DynamoDB Local's transaction cost bounds these (see the floor below). */
export const IMPORT_SIZES = [1_000] as const;
/** Validate mode (every row parsed, mapped, validated, nothing written): the job's own cost and memory at scale. */
export const VALIDATE_SIZES = [10_000, 100_000] as const;
export const IMPORT_MARKERS = { start: '<!-- bench:imports:start -->', end: '<!-- bench:imports:end -->' } as const;

export interface ImportSizeFigures {
  readonly mode: 'commit' | 'validate';
  readonly rows: number;
  readonly fileBytes: number;
  readonly seconds: number;
  readonly steps: number;
  readonly created: number;
  readonly failed: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly peakHeapAboveBaseline: number;
  readonly peakRss: number;
}

const csvOf = (rows: number, run: string): string => {
  const lines = ['客户名称,客户等级,电话,邮箱,地址,标签'];
  for (let index = 0; index < rows; index += 1) {
    lines.push(`导入基准${run}客户${index}有限公司,普通客户,010-${String(5_550_000 + index).padStart(8, '0')},c${index}@bench${run}.example.com,北京市海淀区中关村大街${index}号,基准;导入`);
  }
  return lines.join('\r\n');
};

const measureOne = async (stack: BenchStack, mode: 'commit' | 'validate', rows: number, counter: DynamoDbRequestCounter, log: (line: string) => void): Promise<ImportSizeFigures> => {
  const call = apiClient(stack.apiUrl, stack.tokens);
  const csv = csvOf(rows, `${rows}${Date.now().toString(36)}`);
  const bytes = Buffer.byteLength(csv);
  const started = expectStatus(
    await call<{ import: { id: string }; upload: { url: string; headers: Record<string, string> } }>('POST', '/v1/imports', { as: 'admin', body: { entity: 'customers', format: 'csv', mode, onDuplicate: 'skip' } }),
    201,
    'start an import',
  ).json;
  const upload = await fetch(started.upload.url, { method: 'PUT', headers: started.upload.headers, body: csv });
  if (upload.status !== 200) throw new Error(`upload: HTTP ${upload.status}`);
  const { handler } = await import('#functions/imports/import-job.handler');

  global.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peakHeap = baseline;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peakHeap = Math.max(peakHeap, usage.heapUsed);
    peakRss = Math.max(peakRss, usage.rss);
  }, 50);
  counter.reset();
  const begin = performance.now();
  let steps = 0;
  try {
    for (;;) {
      steps += 1;
      const { result } = await handler({ importId: started.import.id });
      if (result !== 'continued') break;
      if (steps % 2 === 0) log(`bench: ${mode} of ${rows} rows, step ${steps}…`);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - begin) / 1000;
  const tally = counter.snapshot();
  const job = expectStatus(await call<{ status: string; progress: { created: number; valid: number; failed: number } }>('GET', `/v1/imports/${started.import.id}`, { as: 'admin' }), 200, 'read the import').json;
  if (job.status !== 'completed') throw new Error(`import ended ${job.status}`);
  return { mode, rows, fileBytes: bytes, seconds, steps, created: mode === 'commit' ? job.progress.created : job.progress.valid, failed: job.progress.failed, requests: tally.commands, peakHeapAboveBaseline: peakHeap - baseline, peakRss };
};

export interface TransactionFloor {
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
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
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
  const figures: TransactionFloor[] = [];
  for (const concurrency of options.concurrency) {
    let left = options.transactions;
    const begin = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await transaction(); }));
    figures.push({ items: options.items, concurrency, transactions: options.transactions, perSecond: options.transactions / ((performance.now() - begin) / 1000) });
  }
  return figures;
};

export const measureImports = async (stack: BenchStack, options: { sizes: readonly number[]; validateSizes?: readonly number[]; log: (line: string) => void }): Promise<ImportSizeFigures[]> => {
  // The job's steps continue through this loop, not through the in-process trigger: register a runner that does nothing.
  const { useLocalImportJobRunner } = await import('#functions/imports/import-job.trigger');
  useLocalImportJobRunner(async () => undefined);
  const counter = new DynamoDbRequestCounter();
  counter.attach(documentClient(), { returnConsumedCapacity: false });
  const figures: ImportSizeFigures[] = [];
  for (const rows of options.sizes) figures.push(await measureOne(stack, 'commit', rows, counter, options.log));
  for (const rows of options.validateSizes ?? []) figures.push(await measureOne(stack, 'validate', rows, counter, options.log));
  return figures;
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
    'A CSV of N generated customers (name, level label, phone, e-mail, address, tags) uploaded through a presigned PUT to s3rver, then the import job run step by step in this process against DynamoDB Local (every row the customers API\'s own create: a transaction with the customer, its number sentinel, aggregates, search terms and audit entry). Requests counted at the SDK; memory = peak heap above the heap before the job.',
    '',
    table(
      ['mode', 'rows', 'file', 'job time', 'rows/s', 'steps', 'created', 'failed', 'DynamoDB requests per row', 'peak heap above baseline', 'peak RSS'],
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
        mib(figure.peakHeapAboveBaseline),
        mib(figure.peakRss),
      ]),
    ),
    '',
    '(`created` is `valid` in validate mode.) The floor, same run, same DynamoDB Local: raw TransactWriteItems of fresh Puts, no job code around them.',
    '',
    table(
      ['items per transaction', 'at a time', 'transactions', 'transactions/s'],
      floor.map((entry) => [entry.items, entry.concurrency, entry.transactions, entry.perSecond.toFixed(1)]),
    ),
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
    const validateSizes = sizesOf(process.env['BENCH_IMPORT_VALIDATE_ROWS'], VALIDATE_SIZES);
    const figures = await measureImports(stack, { sizes, validateSizes, log: options.log });
    const { IMPORT_LIMITS } = await import('#functions/imports/import-job.container');
    const floor = await measureTransactionFloor(stack.info.tableName, { items: 15, concurrency: [1, IMPORT_LIMITS.concurrency], transactions: 100 });
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    const provenance = `_\`${options.command}\` (bench/sections/imports.ts) · ${machine.date} · node ${machine.node}, ${machine.cores} cores_`;
    await writeGeneratedSection(path, renderImportSection(figures, floor, provenance), '# Benchmarks\n', IMPORT_MARKERS);
    for (const entry of floor) options.log(`bench: floor ${entry.items}-item transactions ${entry.concurrency} at a time: ${entry.perSecond.toFixed(1)}/s`);
    for (const figure of figures) options.log(`bench: ${figure.mode} ${figure.rows} rows: ${(figure.rows / figure.seconds).toFixed(0)} rows/s, peak heap +${mib(figure.peakHeapAboveBaseline)}`);
    options.log(`bench: results written to ${path}`);
  } finally {
    await stop();
  }
};
