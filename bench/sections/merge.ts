import { fileURLToPath } from 'node:url';
import { documentClient } from '#shared/db/client';
import type { BenchStack } from '../lib/bench-stack';
import { crmClients, dataOf } from '../lib/crm-client';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table, writeGeneratedSection } from '../lib/markdown';

/**
 * Customer merge (issue 16): a customer with 1,000 activities and 100 orders merged into another, through the
 * gateway as a manager would (`POST /v1/customers/{id}/merge`), then followed with `GET /v1/customers/merges/{id}`
 * until it is completed (the POST answers 202 at once; the job runs in this process, as the local trigger does). Requests counted at the SDK from the POST to completion; time is wall time of the same span.
 */
export const MERGE_MARKERS = { start: '<!-- bench:merge:start -->', end: '<!-- bench:merge:end -->' } as const;

export interface MergeFigures {
  readonly activities: number;
  readonly orders: number;
  readonly seconds: number;
  readonly answeredIn: number;
  readonly answeredStatus: string;
  readonly moved: Readonly<Record<string, number>>;
  readonly requests: Readonly<Record<string, number>>;
}

/** `count` requests, `concurrency` at a time. */
const inBatches = async (count: number, concurrency: number, send: (n: number) => Promise<void>): Promise<void> => {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < count) await send(next++); }));
};

/** The fixture, through the typed SDK as an integrator would write it (bench/lib/crm-client.ts). */
const arrange = async (crm: ReturnType<typeof crmClients>, activities: number, orders: number, log: (line: string) => void) => {
  const admin = crm('admin');
  const customer = async (name: string) =>
    (await dataOf(admin.POST('/v1/customers', { params: { query: { allowDuplicate: 'true' } }, body: { name, ownerId: 'am1', address: '上海市浦东新区 1 号' } }), 201, 'create a customer')).id;
  const run = Date.now().toString(36);
  const survivorId = await customer(`合并基准保留${run}`);
  const mergedId = await customer(`合并基准并入${run}`);
  const product = (
    await dataOf(
      admin.POST('/v1/products', { body: { code: `MB-${run}`.toUpperCase(), name: `Merge bench ${run}`, unit: 'pcs', unitPrice: { amount: 10_00, currency: 'CNY' }, stockOnHand: orders * 10 } }),
      201,
      'create a product',
    )
  ).id;
  await inBatches(activities, 8, async (n) => {
    const occurredAt = new Date(Date.now() - (n + 1) * 3_600_000).toISOString();
    await dataOf(admin.POST('/v1/customers/{customerId}/activities', { params: { path: { customerId: mergedId } }, body: { type: 'call', occurredAt, title: `Bench call ${n}` } }), 201, 'record an activity');
    if (n % 200 === 199) log(`bench: merge fixture, ${n + 1} activities…`);
  });
  await inBatches(orders, 4, async () => {
    await dataOf(admin.POST('/v1/customers/{customerId}/orders', { params: { path: { customerId: mergedId } }, body: { lines: [{ productId: product, quantity: 1 }] } }), 201, 'place an order');
  });
  return { survivorId, mergedId };
};

export const measureMerge = async (stack: BenchStack, options: { activities: number; orders: number; log: (line: string) => void }): Promise<MergeFigures> => {
  const crm = crmClients(stack.apiUrl, stack.tokens);
  const sales = crm('sales');
  const { survivorId, mergedId } = await arrange(crm, options.activities, options.orders, options.log);
  const counter = new DynamoDbRequestCounter();
  counter.attach(documentClient(), { returnConsumedCapacity: false });
  counter.reset();
  const begin = performance.now();
  const started = await dataOf(
    sales.POST('/v1/customers/{customerId}/merge', { params: { path: { customerId: survivorId }, header: { 'If-Match': '"1"' } }, body: { mergedId, keep: {} } }),
    202,
    'merge',
  );
  const answeredIn = (performance.now() - begin) / 1000;
  let merge: { id: string; status: string; moved?: Record<string, number> } = started;
  while (merge.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 250));
    merge = await dataOf(sales.GET('/v1/customers/merges/{mergeId}', { params: { path: { mergeId: started.id } } }), 200, 'follow the merge');
  }
  const seconds = (performance.now() - begin) / 1000;
  if (merge.status !== 'completed') throw new Error(`merge ended ${merge.status}`);
  return { activities: options.activities, orders: options.orders, seconds, answeredIn, answeredStatus: started.status, moved: merge.moved ?? {}, requests: counter.snapshot().commands };
};

export const renderMergeSection = (figures: MergeFigures, provenance: string): string => {
  const moved = Object.values(figures.moved).reduce((sum, n) => sum + n, 0);
  const total = Object.values(figures.requests).reduce((sum, n) => sum + n, 0);
  return [
    '## Customer merge: 1,000 activities and 100 orders (issue 16)',
    '',
    provenance,
    '',
    'A customer with the activities and orders (placed through the API: summaries, order items, receivables, aggregates) merged into another by a sales manager through the gateway, against DynamoDB Local; followed with `GET /v1/customers/merges/{id}` until completed. Requests counted at the SDK from the POST to completion (the GETs of the follow-up included).',
    '',
    table(
      ['activities', 'orders', 'items moved', 'answer (status)', 'total time', 'items/s', 'DynamoDB requests', 'requests per item', 'by command'],
      [[
        figures.activities,
        figures.orders,
        moved,
        `${figures.answeredIn.toFixed(1)} s (${figures.answeredStatus})`,
        `${figures.seconds.toFixed(1)} s`,
        (moved / figures.seconds).toFixed(0),
        total,
        (total / Math.max(1, moved)).toFixed(2),
        Object.entries(figures.requests).sort(([a], [b]) => (a < b ? -1 : 1)).map(([command, count]) => `${command} ${count}`).join(', '),
      ]],
    ),
  ].join('\n');
};

/** `BENCH_ONLY=merge npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runMergeBench = async (options: { command: string; onCleanup: (stop: () => Promise<void>) => void; log: (line: string) => void }): Promise<void> => {
  const { startBenchStack } = await import('../lib/bench-stack');
  const { describeMachine } = await import('../lib/machine');
  const machine = describeMachine();
  const stack = await startBenchStack();
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stack.stop());
  options.onCleanup(stop);
  try {
    const figures = await measureMerge(stack, {
      activities: Number(process.env['BENCH_MERGE_ACTIVITIES'] ?? 1_000),
      orders: Number(process.env['BENCH_MERGE_ORDERS'] ?? 100),
      log: options.log,
    });
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    const provenance = `_\`${options.command}\` (bench/sections/merge.ts) · ${machine.date} · node ${machine.node}, ${machine.cores} cores_`;
    await writeGeneratedSection(path, renderMergeSection(figures, provenance), '# Benchmarks\n', MERGE_MARKERS);
    options.log(`bench: merge of ${figures.activities} activities and ${figures.orders} orders: ${figures.seconds.toFixed(1)} s, requests ${JSON.stringify(figures.requests)}`);
    options.log(`bench: results written to ${path}`);
  } finally {
    await stop();
  }
};
