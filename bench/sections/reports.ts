import { randomBytes } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { takeReportSnapshots } from '#functions/jobs/report-snapshots.use-case';
import { churnReport } from '#functions/reports/get-churn-report.use-case';
import { compositionReport } from '#functions/reports/get-composition-report.use-case';
import { contributionReport } from '#functions/reports/get-contribution-report.use-case';
import { pipelineReport } from '#functions/reports/get-pipeline-report.use-case';
import { receivablesReport } from '#functions/reports/get-receivables-report.use-case';
import { servicesReport } from '#functions/reports/get-services-report.use-case';
import { DynamoDbReportStore } from '#functions/reports/report.repository';
import { DynamoDbSnapshotStore } from '#functions/reports/snapshot.repository';
import { ensureTable } from '#local/bootstrap-table';
import { localDynamoDbClient } from '#local/local-aws';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { churnAggregateKeys } from '#shared/churn/churn.keys';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import { aggregateKeys, orderKeys } from '#shared/keys/orders.keys';
import { compositionKeys } from '#shared/reports/report.keys';
import { serviceAggregateKeys } from '#shared/keys/service.keys';
import { table } from '../lib/markdown';
import type { BenchStack } from '../lib/bench-stack';

/**
 * Reports: DynamoDB requests and latency of each live report as the number of ORDERS grows (1k, 10k; 100k with
 * BENCH_REPORTS_100K=1), with a fixed book of customers — the reports read aggregates, so their cost must stay
 * flat. Each size is a fresh table: the order items (header, customer summary) are written directly with
 * BatchWriteItem, and the aggregates those orders would have produced beside them; then every report is read
 * `samples` times through the production use cases and repository, and the snapshot job is run once.
 */
const CUSTOMERS = 500;
const NOW = new Date('2026-11-22T03:00:00.000Z');

export interface ReportFigures {
  readonly report: string;
  readonly commands: Readonly<Record<string, number>>;
  readonly p50: number;
  readonly p95: number;
}

export interface ReportSizeFigures {
  readonly orders: number;
  readonly seedSeconds: number;
  readonly reports: readonly ReportFigures[];
  readonly snapshotMilliseconds: number;
  readonly snapshotCommands: Readonly<Record<string, number>>;
}

export interface ReportsBenchResult {
  readonly customers: number;
  readonly samples: number;
  readonly sizes: readonly ReportSizeFigures[];
}

const tally = (client: DynamoDBDocumentClient) => {
  let commands = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      commands.set(name, (commands.get(name) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'benchReportsTally' },
  );
  return {
    take: (): Record<string, number> => {
      const taken = Object.fromEntries(commands);
      commands = new Map();
      return taken;
    },
  };
};

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const batchWrite = async (client: DynamoDBDocumentClient, tableName: string, items: Record<string, unknown>[]): Promise<void> => {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let chunk = chunks.shift(); chunk; chunk = chunks.shift()) {
      let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
      while (pending.length > 0) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
        pending = (result.UnprocessedItems?.[tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
};

/** Orders spread over 2025–2026 for CUSTOMERS customers, and the aggregate items they add up to. */
const seedItems = (orders: number): Record<string, unknown>[] => {
  const random = seededRandom(orders);
  const ids = ulidGenerator(seededRandom(orders + 1));
  const customers = Array.from({ length: CUSTOMERS }, () => ids.next());
  const years = new Map<string, Record<string, unknown>>();
  const receivables = new Map<string, Record<string, unknown>>();
  const items: Record<string, unknown>[] = [];
  for (let n = 0; n < orders; n += 1) {
    const customerId = customers[Math.floor(random() * CUSTOMERS)]!;
    const orderId = ids.next();
    const orderedAt = new Date(Date.UTC(2025, 0, 1) + Math.floor(random() * 690) * 86_400_000).toISOString();
    const total = 1_00 + Math.floor(random() * 100_000_00);
    const balance = random() < 0.3 ? total : 0;
    const order = { orderId, customerId, orderedAt, total: { amount: total, currency: 'CNY' }, balance: { amount: balance, currency: 'CNY' }, status: 'delivered' };
    items.push({ ...orderKeys.item(orderId), entity: 'Order', ...order }, { ...orderKeys.summary(customerId, orderedAt, orderId), entity: 'OrderSummary', ...order });
    const year = orderedAt.slice(0, 4);
    const month = orderedAt.slice(5, 7);
    const key = aggregateKeys.customerOrderValue(year, customerId);
    const aggregate = years.get(`${key.pk}|${key.sk}`) ?? { ...key, customerId, year, currency: 'CNY', orderValue: 0, orderCount: 0 };
    aggregate.orderValue = (aggregate.orderValue as number) + total;
    aggregate.orderCount = (aggregate.orderCount as number) + 1;
    const mValue = aggregateKeys.monthValueAttribute(month);
    const mCount = aggregateKeys.monthCountAttribute(month);
    aggregate[mValue] = ((aggregate[mValue] as number | undefined) ?? 0) + total;
    aggregate[mCount] = ((aggregate[mCount] as number | undefined) ?? 0) + 1;
    years.set(`${key.pk}|${key.sk}`, aggregate);
    if (balance > 0) {
      const owed = receivables.get(customerId) ?? { ...aggregateKeys.receivables(customerId), customerId, currency: 'CNY', outstanding: 0, openOrders: 0 };
      owed.outstanding = (owed.outstanding as number) + balance;
      owed.openOrders = (owed.openOrders as number) + 1;
      const day = aggregateKeys.receivableDayAttribute(orderedAt);
      owed[day] = ((owed[day] as number | undefined) ?? 0) + balance;
      receivables.set(customerId, owed);
    }
  }
  const fixed: Record<string, unknown>[] = [
    ...['level', 'credit', 'satisfaction', 'region', 'industry'].flatMap((dimension) =>
      Array.from({ length: 5 }, (_, value) => Array.from({ length: 4 }, (_, shard) => ({ ...compositionKeys.item(dimension, String(value + 1), shard), dimension, value: String(value + 1), count: CUSTOMERS / 20 }))).flat(),
    ),
    ...Array.from({ length: 23 }, (_, m) => new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 7)).flatMap((month) =>
      ['consultation', 'complaint', 'suggestion'].flatMap((type) =>
        Array.from({ length: 4 }, (_, shard) => ({ ...serviceAggregateKeys.item(month, type, shard), type, month, shard, count: 3, statusArchived: 3, satisfactionSum: 12, satisfactionCount: 3 })),
      ),
    ),
    ...Array.from({ length: 23 }, (_, m) => new Date(Date.UTC(2025, m, 1)).toISOString().slice(0, 7)).flatMap((month) => [
      ...Array.from({ length: 4 }, (_, shard) => ({ ...churnAggregateKeys.events(month, shard), warned: 2, recovered: 1, lost: 1 })),
      { ...churnAggregateKeys.reason(month, 'price'), lost: 4 },
    ]),
    ...['unassigned', 'assigned', 'won', 'lost'].flatMap((status) => Array.from({ length: 4 }, (_, shard) => ({ ...opportunityKeys.pipeline(status, shard), status, count: 5, amount_CNY: 1_000_00 }))),
  ];
  return [...items, ...years.values(), ...receivables.values(), ...fixed];
};

export const measureReports = async (
  stack: BenchStack,
  options: { sizes: readonly number[]; samples: number; log: (line: string) => void },
): Promise<ReportsBenchResult> => {
  const sizes: ReportSizeFigures[] = [];
  for (const orders of options.sizes) {
    const tableName = `crm-bench-reports-${randomBytes(4).toString('hex')}`;
    const admin = localDynamoDbClient(stack.info.dynamodbEndpoint);
    await ensureTable(admin, tableName);
    const client = createDocumentClient({ region: stack.info.region, endpoint: stack.info.dynamodbEndpoint });
    try {
      const seedStarted = performance.now();
      await batchWrite(client, tableName, seedItems(orders));
      const seedSeconds = (performance.now() - seedStarted) / 1000;
      options.log(`bench: reports: ${orders.toLocaleString('en')} orders seeded in ${seedSeconds.toFixed(1)} s`);
      const counter = tally(client);
      const deps = { reports: new DynamoDbReportStore(client, tableName), clock: { now: () => NOW } };
      const runs: [string, () => Promise<unknown>][] = [
        ['contribution (year, top 25)', () => contributionReport(deps, { year: '2026', limit: 25 })],
        ['contribution (month, top 25)', () => contributionReport(deps, { year: '2026', month: '10', limit: 25 })],
        ['composition (by level)', () => compositionReport(deps, { by: 'level' })],
        ['services (24 months)', () => servicesReport(deps, { from: '2024-12', to: '2026-11' })],
        ['churn (year)', () => churnReport(deps, { year: '2026' })],
        ['pipeline', () => pipelineReport(deps)],
        ['receivables (top 25, aged)', () => receivablesReport(deps, { limit: 25 })],
      ];
      const reports: ReportFigures[] = [];
      for (const [report, run] of runs) {
        await run();
        const commands = counter.take();
        const times: number[] = [];
        for (let i = 0; i < options.samples; i += 1) {
          const started = performance.now();
          await run();
          times.push(performance.now() - started);
        }
        counter.take();
        reports.push({ report, commands, p50: percentile(times, 50), p95: percentile(times, 95) });
      }
      const snapshotStarted = performance.now();
      await takeReportSnapshots({ ...deps, snapshots: new DynamoDbSnapshotStore(client, tableName) }, { trigger: 'manual', period: '2026-10' });
      const snapshotMilliseconds = performance.now() - snapshotStarted;
      sizes.push({ orders, seedSeconds, reports, snapshotMilliseconds, snapshotCommands: counter.take() });
    } finally {
      client.destroy();
      await admin.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      admin.destroy();
    }
  }
  return { customers: CUSTOMERS, samples: options.samples, sizes };
};

const fixed = (value: number, digits = 1): string => value.toFixed(digits);
const commandsText = (commands: Readonly<Record<string, number>>): string =>
  Object.entries(commands).map(([name, count]) => `${name} ×${count}`).join(', ') || '—';

export const renderReportsSection = (result: ReportsBenchResult, provenance: string): string =>
  [
    '## Reports: requests and latency against the number of orders',
    '',
    provenance,
    '',
    `${result.customers} customers; orders over 2025–2026 written directly with their aggregates; each report read ${result.samples} times ` +
      'through the production use case and repository (bench/sections/reports.ts). 100k orders: `BENCH_REPORTS_100K=1 npm run bench`.',
    '',
    table(
      ['orders', 'report', 'DynamoDB requests per read', 'p50', 'p95'],
      result.sizes.flatMap((size) => size.reports.map((row) => [size.orders.toLocaleString('en'), row.report, commandsText(row.commands), `${fixed(row.p50)} ms`, `${fixed(row.p95)} ms`])),
    ),
    '',
    table(
      ['orders', 'snapshot job (all reports of a period)', 'run time', 'seed time'],
      result.sizes.map((size) => [size.orders.toLocaleString('en'), commandsText(size.snapshotCommands), `${fixed(size.snapshotMilliseconds, 0)} ms`, `${fixed(size.seedSeconds)} s`]),
    ),
    '',
    'The requests per report do not change with the number of orders: each report is one Query of one aggregate ' +
      'partition (whose size follows the customers, months or statuses, never the orders) plus, for the ranked reports, ' +
      'one BatchGetItem for the names of the customers listed.',
  ].join('\n');

export const reportsSummary = (result: ReportsBenchResult): string[] =>
  result.sizes.map(
    (size) =>
      `  reports: ${size.orders.toLocaleString('en').padStart(7)} orders: ` +
      size.reports.map((row) => `${row.report.split(' ')[0]} ${Object.values(row.commands).reduce((a, b) => a + b, 0)} req p50 ${fixed(row.p50)} ms`).join('; ') +
      `; snapshot job ${fixed(size.snapshotMilliseconds, 0)} ms`,
  );
