import { cpus, loadavg } from 'node:os';
import { createOpportunity } from '#functions/opportunities/opportunity/create-opportunity.use-case';
import type { OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { DynamoDbOpportunityRepository } from '#functions/opportunities/opportunity/opportunity.repository';
import { builtInStages } from '#functions/opportunities/opportunity/stages';
import { forecastReport } from '#functions/reports/get-forecast-report.use-case';
import { DynamoDbForecastStore } from '#functions/reports/get-forecast-report.repository';
import { seededRandom, systemClock, ulidGenerator } from '#shared/core/clock';
import { createDocumentClient } from '#shared/db/client';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';
import { DEFAULT_DICTIONARY } from '#shared/dictionary/dictionary';
import type { BenchStack } from '../lib/bench-stack';
import { DynamoDbRequestCounter } from '../lib/dynamodb-request-counter';
import { table } from '../lib/markdown';
import { runBenchSection, type SectionRunOptions } from '../lib/section-run';

/**
 * The sales forecast (issue 20): `GET /v1/reports/forecast` reads forecast cells (month × owner × stage) that every
 * opportunity write moves by the difference, never the opportunities. This section creates 1,000 and then 10,000
 * open opportunities through the create use case (stages and expected close months spread over the next 12 months)
 * and reads the 12-month forecast after each, counting DynamoDB requests at the SDK: the count must stay flat.
 *
 *   BENCH_ONLY=forecast npm run bench                         1,000 and 10,000
 *   BENCH_FORECAST_COUNTS=200,2000 BENCH_ONLY=forecast …      other sizes (ascending)
 */
export const FORECAST_MARKERS = { start: '<!-- bench:forecast:start -->', end: '<!-- bench:forecast:end -->' } as const;
const DEFAULT_COUNTS = [1_000, 10_000];
const CONCURRENCY = 8;
const READS = 20;
const manager = { username: 'sales', scope: 'all' } as const;
const OPEN_STAGES = DEFAULT_DICTIONARY['opportunity-stages'].filter((stage) => stage.code !== 'won' && stage.code !== 'lost');

export interface ForecastRow {
  readonly opportunities: number;
  readonly cells: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly p50Ms: number;
  readonly createdPerSecond: number;
}

const countsOf = (value: string | undefined): number[] => {
  if (!value) return DEFAULT_COUNTS;
  const counts = value.split(',').map(Number);
  if (counts.some((count) => !Number.isInteger(count) || count < 1 || count > 100_000)) throw new Error(`BENCH_FORECAST_COUNTS=${value}: integers 1–100000`);
  return counts.sort((a, b) => a - b);
};

const monthAhead = (months: number): string => {
  const date = new Date();
  date.setUTCDate(15);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
};

export const measureForecast = async (stack: BenchStack, log: (line: string) => void, counts = countsOf(process.env['BENCH_FORECAST_COUNTS'])): Promise<ForecastRow[]> => {
  const { tableName, region, dynamodbEndpoint } = stack.info;
  const client = createDocumentClient({ region, endpoint: dynamodbEndpoint });
  const ids = ulidGenerator(seededRandom(2026));
  const deps: OpportunityDependencies = {
    opportunities: new DynamoDbOpportunityRepository(client, tableName),
    // Creating assigns nobody: the directory is never asked.
    directory: { findUser: async () => { throw new Error('the forecast bench looks up no user'); } },
    clock: systemClock,
    ids,
    duplicates: new DynamoDbDuplicateFinder(client, tableName),
    customFields: { definitionsOf: async () => [] },
    stages: builtInStages,
  };
  const store = new DynamoDbForecastStore(client, tableName);
  const counter = new DynamoDbRequestCounter();
  counter.attach(client, { returnConsumedCapacity: false });
  const rows: ForecastRow[] = [];
  let created = 0;
  for (const target of counts) {
    const begin = performance.now();
    const due = target - created;
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let index = next++; index < due; index = next++) {
        const serial = created + index;
        const stage = OPEN_STAGES[serial % OPEN_STAGES.length]!;
        await createOpportunity(deps, {
          caller: manager,
          input: {
            prospectName: `预测样本公司 ${serial}`,
            summary: '年度设备采购',
            successRate: stage.probability ?? 10,
            stage: stage.code,
            estimatedAmount: { amount: 10_000_00 + serial, currency: 'CNY' },
            expectedCloseDate: monthAhead(Math.floor(serial / OPEN_STAGES.length) % 12),
          },
        });
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - begin) / 1000;
    created = target;
    log(`bench: ${created} open opportunities (${(due / seconds).toFixed(0)}/s)`);
    // The report as the handler runs it: this month and the next 11, all owners.
    counter.reset();
    await forecastReport({ forecast: store, clock: systemClock }, manager, {});
    const requests = counter.snapshot().commands;
    const times: number[] = [];
    for (let read = 0; read < READS; read += 1) {
      const start = performance.now();
      await forecastReport({ forecast: store, clock: systemClock }, manager, {});
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const cells = (await store.cells(monthAhead(0).slice(0, 7), monthAhead(11).slice(0, 7))).length;
    rows.push({ opportunities: created, cells, requests, p50Ms: times[Math.floor(times.length / 2)]!, createdPerSecond: due / seconds });
  }
  client.destroy();
  return rows;
};

const requestsOf = (requests: Readonly<Record<string, number>>): string =>
  Object.entries(requests)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([command, count]) => `${command} ${count}`)
    .join(', ');

export const renderForecastSection = (rows: readonly ForecastRow[], provenance: string): string =>
  [
    '## Sales forecast: requests per report at 1k and 10k opportunities (issue 20)',
    '',
    provenance,
    '',
    `Open opportunities created through the create use case (functions/opportunities/opportunity/create-opportunity.use-case.ts) on DynamoDB Local, ${OPEN_STAGES.length} open stages and expected close months spread over the next 12 months, unassigned; then the 12-month forecast (functions/reports/get-forecast-report.use-case.ts, a sales manager, all owners) read ${READS} times, requests counted at the SDK on the first. The report reads the forecast cells (month × owner × stage), never an opportunity: its requests follow the cells, not the opportunities.`,
    '',
    table(
      ['open opportunities', 'forecast cells read', 'DynamoDB requests per report', 'report p50', 'creates/s while seeding'],
      rows.map((row) => [row.opportunities.toLocaleString('en'), row.cells, requestsOf(row.requests), `${row.p50Ms.toFixed(1)} ms`, row.createdPerSecond.toFixed(0)]),
    ),
    '',
    `Times vary with the machine's load (os.loadavg ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores when measured); the request counts do not.`,
  ].join('\n');

/** `BENCH_ONLY=forecast npm run bench`: the emulators and this section only, in its own block of docs/benchmarks.md. */
export const runForecastBench = (options: SectionRunOptions & { samples?: number }): Promise<void> =>
  runBenchSection(
    { file: 'bench/sections/forecast.ts', markers: FORECAST_MARKERS, settings: ['BENCH_FORECAST_COUNTS'], measure: measureForecast, render: renderForecastSection },
    options,
  );
