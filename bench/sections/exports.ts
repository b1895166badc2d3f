import { fileURLToPath } from 'node:url';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '#shared/db/client';
import { apiClient, expectStatus } from '../lib/api-client';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table, writeGeneratedSection } from '../lib/markdown';

/**
 * Customer export (issue 16): rows per second, DynamoDB requests and the job's memory. N customers are seeded as
 * stored items (BatchWriteItem of the customer entity's items: the list index is all an export reads), then
 * `POST /v1/exports` through the gateway and the job's steps (functions/exports/export-job.handler.ts) called in this
 * process one after another, as the self-invoke would. The file goes to s3rver by multipart upload.
 */
export const EXPORT_SIZES = [100_000] as const;
export const EXPORT_MARKERS = { start: '<!-- bench:exports:start -->', end: '<!-- bench:exports:end -->' } as const;

interface ExportFigures {
  readonly rows: number;
  readonly format: 'csv';
  readonly seconds: number;
  readonly steps: number;
  readonly fileBytes: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly peakHeapAboveBaseline: number;
  readonly peakRss: number;
}

const seed = async (tableName: string, count: number, offset: number, log: (line: string) => void): Promise<void> => {
  const { customerEntity } = await import('#functions/customers/customer/customer.entity');
  const { ulidGenerator } = await import('#shared/core/clock');
  const ids = ulidGenerator();
  const client = documentClient();
  const at = '2026-01-02T03:04:05.000Z';
  const items = (start: number) =>
    Array.from({ length: 25 }, (_, index) => {
      const n = start + index;
      const id = ids.next();
      return customerEntity.toItem({
        id, customerNo: `EXB-${n}`, name: `导出基准客户${n}有限公司`, level: 'ordinary', status: 'active', type: 'customer', kind: 'company', tags: ['基准'],
        ownerId: 'am1', ownerName: 'am1', phone: `010-${String(60_000_000 + n)}`, email: `c${n}@bench.example.com`, address: `北京市海淀区中关村大街${n}号`, credit: 3,
        version: 1, createdAt: at, createdBy: 'admin', updatedAt: at, updatedBy: 'admin',
      } as never);
    });
  let next = offset;
  const end = offset + count;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < end) {
        const start = next;
        next += 25;
        let pending = items(start).map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const answer = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (answer.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
        if (start % 10_000 === 0) log(`bench: seeded ${start} customers…`);
      }
    }),
  );
};

const measureOne = async (stack: BenchStack, rows: number, counter: DynamoDbRequestCounter, log: (line: string) => void): Promise<ExportFigures> => {
  const call = apiClient(stack.apiUrl, stack.tokens);
  const started = expectStatus(await call<{ id: string }>('POST', '/v1/exports', { as: 'admin', body: { entity: 'customers', format: 'csv', filters: {} } }), 202, 'start an export').json;
  const { handler } = await import('#functions/exports/export-job.handler');
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
      const { result } = await handler({ exportId: started.id });
      if (result !== 'continued') break;
      log(`bench: export of ${rows} rows, step ${steps}…`);
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - begin) / 1000;
  const tally = counter.snapshot();
  const done = expectStatus(await call<{ status: string; progress: { rows: number }; download?: { url: string } }>('GET', `/v1/exports/${started.id}`, { as: 'admin' }), 200, 'read the export').json;
  if (done.status !== 'completed' || !done.download) throw new Error(`export ended ${done.status}`);
  const file = await fetch(done.download.url);
  const fileBytes = (await file.arrayBuffer()).byteLength;
  return { rows: done.progress.rows, format: 'csv', seconds, steps, fileBytes, requests: tally.commands, peakHeapAboveBaseline: peakHeap - baseline, peakRss };
};

const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

const render = (figures: readonly ExportFigures[], provenance: string): string =>
  [
    '## Customer export: rows per second, requests, memory (issue 16)',
    '',
    provenance,
    '',
    'N customers seeded as stored items, then an unfiltered CSV export started through the gateway (`POST /v1/exports`) and its job run step by step in this process against DynamoDB Local, the file uploaded to s3rver by multipart upload. `rows` counts the demo customers too. Requests counted at the SDK; memory = peak heap above the heap before the job.',
    '',
    table(
      ['rows', 'file', 'job time', 'rows/s', 'steps', 'DynamoDB requests', 'peak heap above baseline', 'peak RSS'],
      figures.map((figure) => [
        figure.rows.toLocaleString('en'),
        mib(figure.fileBytes),
        `${figure.seconds.toFixed(1)} s`,
        (figure.rows / figure.seconds).toFixed(0),
        figure.steps,
        Object.entries(figure.requests).map(([command, count]) => `${command} ${count}`).join(', '),
        mib(figure.peakHeapAboveBaseline),
        mib(figure.peakRss),
      ]),
    ),
  ].join('\n');

/** `BENCH_ONLY=exports npm run bench` (BENCH_EXPORT_ROWS=10000,100000 sets the sizes): its own block of docs/benchmarks.md. */
export const runExportBench = async (options: { command: string; onCleanup: (stop: () => Promise<void>) => void; log: (line: string) => void }): Promise<void> => {
  const { startBenchStack } = await import('../lib/bench-stack');
  const { describeMachine } = await import('../lib/machine');
  const machine = describeMachine();
  const stack = await startBenchStack();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stack.stop());
  options.onCleanup(stop);
  try {
    const { useLocalExportJobRunner } = await import('#functions/exports/export-job.trigger');
    useLocalExportJobRunner(async () => undefined);
    const counter = new DynamoDbRequestCounter();
    counter.attach(documentClient(), { returnConsumedCapacity: false });
    const sizes = process.env['BENCH_EXPORT_ROWS'] ? process.env['BENCH_EXPORT_ROWS'].split(',').map(Number) : [...EXPORT_SIZES];
    const figures: ExportFigures[] = [];
    let seeded = 0;
    for (const rows of sizes) {
      await seed(stack.info.tableName, rows - seeded, seeded, options.log);
      seeded = rows;
      figures.push(await measureOne(stack, rows, counter, options.log));
    }
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    const provenance = `_\`${options.command}\` (bench/sections/exports.ts) · ${machine.date} · node ${machine.node}, ${machine.cores} cores_`;
    await writeGeneratedSection(path, render(figures, provenance), '# Benchmarks\n', EXPORT_MARKERS);
    for (const figure of figures) options.log(`bench: export ${figure.rows} rows: ${(figure.rows / figure.seconds).toFixed(0)} rows/s, peak heap +${mib(figure.peakHeapAboveBaseline)}`);
  } finally {
    await stop();
  }
};
