import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_FUNCTIONS } from '#shared/routes';
import { startBenchStack } from './lib/bench-stack';
import { describeMachine } from './lib/machine';
import { writeGeneratedSection } from './lib/markdown';
import { renderReport, renderSummary, type BenchResults } from './report';
import { buildBundle } from './sections/bundles';
import { measureDynamoDbRequests } from './sections/dynamodb-requests';
import { measureImportTimes } from './sections/import-time';
import { measureLatency } from './sections/latency';
import { measureOpportunityRequests } from './sections/opportunities';
import { measureChurn } from './sections/churn';
import { measureReports } from './sections/reports';
import { measureOrders } from './sections/orders';
import { measureContactsActivities } from './sections/contacts-activities';
import { measureReadGuard } from './sections/read-guard';
import { measureSearch, SEARCH_SIZES, writeSearchSection } from './sections/search';

/** The repository root: bundles go to `.bench/` (git-ignored) so that the external `@aws-sdk/*` resolve. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(PROJECT_ROOT, '.bench', 'bundles');
const REPORT_PATH = join(PROJECT_ROOT, 'docs', 'benchmarks.md');

export interface SuiteOptions {
  /** Latency samples per series; everything else scales from it. */
  readonly samples: number;
  readonly command: string;
  /** Registers what must be stopped if the run is interrupted. */
  readonly onCleanup: (stop: () => Promise<void>) => void;
  readonly log: (line: string) => void;
}

/** Fresh-process imports are slow (~0.2 s each): 15 per series at the default 500 latency samples. */
export const importSamplesFor = (samples: number): number => Math.min(50, Math.max(5, Math.round(samples * 0.03)));

const step = async <T>(log: (line: string) => void, what: string, work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  log(`bench: ${what}…`);
  const result = await work();
  log(`bench: ${what} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return result;
};

export const runSuite = async ({ samples, command, onCleanup, log }: SuiteOptions): Promise<BenchResults> => {
  const started = performance.now();
  const machine = describeMachine();
  const importSamples = importSamplesFor(samples);
  await mkdir(OUT_DIR, { recursive: true });

  // Bundles and import times first, before the emulators load the CPU.
  const { bundles, minimal } = await step(log, 'bundling', async () => ({
    bundles: await Promise.all(
      FEATURE_FUNCTIONS.map((fn) => buildBundle(fn, `functions/${fn}/index.ts`, PROJECT_ROOT, OUT_DIR)),
    ),
    minimal: await buildBundle('minimal-get-item', 'bench/fixtures/minimal-get-item.handler.ts', PROJECT_ROOT, OUT_DIR),
  }));
  const importTimes = await step(log, `import times (${importSamples} fresh processes per series)`, () =>
    measureImportTimes([...bundles, minimal].map(({ name, outfile }) => ({ name, outfile })), importSamples),
  );

  const stack = await step(log, 'starting DynamoDB Local, cognito-local and the gateway', startBenchStack);
  // Stopped in `finally` below, or by the interrupt handler: whichever comes first, once.
  let stopping: Promise<void> | undefined;
  const stopStack = (): Promise<void> => (stopping ??= stack.stop());
  onCleanup(stopStack);
  let dynamodb: BenchResults['dynamodb'];
  let latency: BenchResults['latency'];
  let opportunities: BenchResults['opportunities'];
  let churn: BenchResults['churn'];
  let reports: BenchResults['reports'];
  let orders: BenchResults['orders'];
  let contactsActivities: BenchResults['contactsActivities'];
  let readGuard: BenchResults['readGuard'];
  let search: BenchResults['search'];
  try {
    dynamodb = await step(log, 'DynamoDB requests per operation', () => measureDynamoDbRequests(stack, { seedCustomers: 60 }));
    orders = await step(log, 'orders: requests per operation and concurrent placements', () =>
      measureOrders(stack, { contentionOrders: 160, concurrency: 8 }),
    );
    // The overview is measured beside a raw Query of its partition.
    contactsActivities = await step(log, 'contacts, activities and the 360 view: requests per route and overview latency', () =>
      measureContactsActivities(stack, { samples, activities: 150 }),
    );
    opportunities = await step(log, 'opportunities: DynamoDB requests per operation', () =>
      measureOpportunityRequests(stack, { seedOpportunities: 30 }),
    );
    // The churn job's cost as the table grows (100k opt-in: BENCH_CHURN_100K=1) must follow the at-risk customers.
    const churnSizes = [1_000, 10_000, ...(process.env['BENCH_CHURN_100K'] ? [100_000] : [])];
    churn = await step(log, `churn job: requests and time at ${churnSizes.join(', ')} customers`, () =>
      measureChurn(stack, { sizes: churnSizes, atRisk: 50, log }),
    );
    // Reports read aggregates: their cost must not grow with the orders (100k opt-in: BENCH_REPORTS_100K=1).
    const reportSizes = [1_000, 10_000, ...(process.env['BENCH_REPORTS_100K'] ? [100_000] : [])];
    reports = await step(log, `reports: requests and latency at ${reportSizes.join(', ')} orders`, () =>
      measureReports(stack, { sizes: reportSizes, samples: Math.max(10, Math.round(samples / 10)), log }),
    );
    latency = await step(log, `latency (${samples} samples per series)`, () =>
      measureLatency(stack, { samples, concurrency: 8, user: 'am1' }),
    );
    // read guard (issue 8): what counting customer reads adds to a read — on vs off, in one run
    readGuard = await step(log, 'read guard overhead', () =>
      measureReadGuard(stack, { samples: Math.max(50, Math.round(samples / 2)), user: 'sales' }),
    );
    // search (issue 17): requests and latency per search at 10k and 100k customers, a create's write amplification
    search = await step(log, 'search: requests and latency at 10k and 100k customers', () =>
      measureSearch(stack, { sizes: SEARCH_SIZES, samples: Math.max(20, Math.round(samples / 10)), log }),
    );
  } finally {
    await stopStack();
  }

  const results: BenchResults = {
    machine,
    command,
    samples,
    importSamples,
    durationSeconds: (performance.now() - started) / 1000,
    dynamodb,
    bundles,
    minimal,
    importTimes,
    latency,
    ...(orders ? { orders } : {}),
    ...(contactsActivities ? { contactsActivities } : {}),
    ...(opportunities ? { opportunities } : {}),
    ...(churn ? { churn } : {}),
    ...(reports ? { reports } : {}),
    ...(readGuard ? { readGuard } : {}),
    ...(search ? { search } : {}),
  };
  await mkdir(join(PROJECT_ROOT, 'docs'), { recursive: true });
  await writeGeneratedSection(REPORT_PATH, renderReport(results), '# Benchmarks\n');
  // Its own block, so `BENCH_ONLY=search npm run bench` can refresh it alone (bench/run.ts).
  if (search) await writeSearchSection(REPORT_PATH, search, { command, machine });
  log(renderSummary(results));
  log(`bench: results written to ${REPORT_PATH}`);
  return results;
};
