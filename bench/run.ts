/**
 * `npm run bench`: DynamoDB requests per customers operation, bundle size and import time of every feature
 * function against a minimal GetItem handler, and gateway vs raw GetItem latency — all in one run, on emulators
 * it starts itself on free ports. Results go to docs/benchmarks.md (between the bench markers).
 *
 *   npm run bench                      500 latency samples per series, 15 imports per series (~1 min)
 *   BENCH_SAMPLES=2000 npm run bench   more samples (import samples scale too, 5–50)
 *   BENCH_ONLY=search npm run bench    only the search section (issue 17), in its own block of docs/benchmarks.md
 *   BENCH_ONLY=imports npm run bench   only the customer import (issue 16; BENCH_IMPORT_ROWS / BENCH_IMPORT_VALIDATE_ROWS set the sizes)
 *   BENCH_ONLY=exports npm run bench   only the customer export (issue 16; 100,000 rows, BENCH_EXPORT_ROWS sets the sizes)
 *   BENCH_ONLY=merge npm run bench     a customer with 1,000 activities and 100 orders merged into another (issue 16)
 *   BENCH_ONLY=reminders npm run bench the reminder job with 10 / 10,000 due (issue 18; BENCH_REMINDERS_SCHEDULED=100000)
 *   BENCH_ONLY=quotes npm run bench    quote acceptance requests with 1 / 50 lines, PDF time and size of a 50-line quote (issue 20)
 *   BENCH_ONLY=order-edits npm run bench  requests per edit of a placed order's lines with 1 / 50 lines (issue 20)
 *   BENCH_ONLY=events npm run bench    write → domain event latency, the consumer's events/s, one event per committed write (issue 22)
 *   BENCH_ONLY=webhooks npm run bench  write → webhook POST latency, the publisher's events/s with the change feed, one event / delivery / change per write (issue 22)
 *   BENCH_ONLY=forecast npm run bench  forecast report requests at 1,000 / 10,000 open opportunities (issue 20; BENCH_FORECAST_COUNTS)
 *   BENCH_ONLY=workbench npm run bench GET /v1/workbench requests and p50 ÷ GetItem, the reminder mail's sends/s against the rate (issue 18)
 *   BENCH_ONLY=portal npm run bench    GET /portal/v1/service-requests/{id} p50 ÷ GetItem, DynamoDB requests per portal read (issue 21)
 *   BENCH_ONLY=campaigns npm run bench a campaign's launch: 1,000 / 10,000 members materialised, its mail's sends/s against the rate (issue 19)
 *
 * Nothing here asserts a duration: the figures are compared as ratios measured in the same run.
 */

// Set before any function module loads: the functions read them at import time. The access log line each
// request writes at INFO would flood the terminal and time stdout; WARN keeps errors visible.
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
// The bench reads thousands of customers as the same demo users in minutes: far above the read guard's default
// (500 per 10 min), which would lock them mid-run. The guard still counts every read; the "read guard" section
// measures what that costs.
process.env['CUSTOMER_READ_LIMIT'] ??= '100000000';

/** A hard limit: the run must never be left hanging on a shared machine. */
// The opt-in large tables (BENCH_CHURN_100K=1, BENCH_REMINDERS_SCHEDULED=1000000) take minutes to seed on DynamoDB Local.
const WATCHDOG_MS = (Number(process.env['BENCH_REMINDERS_SCHEDULED'] ?? 0) > 100_000 ? 60 : process.env['BENCH_CHURN_100K'] ? 30 : 15) * 60 * 1000;

const parseSamples = (value: string | undefined): number => {
  if (value === undefined || value === '') return 500;
  const samples = Number(value);
  if (!Number.isInteger(samples) || samples < 20 || samples > 20_000) {
    throw new Error(`BENCH_SAMPLES=${value}: expected an integer between 20 and 20000`);
  }
  return samples;
};

const cleanups: (() => Promise<void>)[] = [];
/** Stops what the sections registered, waiting at most 30 s: a stop that hangs (an emulator already gone) must not keep the run alive. */
const cleanUp = async (): Promise<void> => {
  let timer: NodeJS.Timeout | undefined;
  const bounded = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, 30_000);
  });
  await Promise.race([Promise.allSettled(cleanups.splice(0).map((stop) => stop())), bounded]);
  clearTimeout(timer);
};

const abort = (reason: string, code: number): void => {
  console.error(`bench: ${reason}, stopping the emulators…`);
  void cleanUp().finally(() => process.exit(code));
};

const main = async (): Promise<void> => {
  const samples = parseSamples(process.env['BENCH_SAMPLES']);
  const only = process.env['BENCH_ONLY'];
  const command = `${only ? `BENCH_ONLY=${only} ` : ''}${process.env['BENCH_SAMPLES'] ? `BENCH_SAMPLES=${samples} ` : ''}npm run bench`;
  const watchdog = setTimeout(() => abort(`still running after ${WATCHDOG_MS / 1000} s`, 1), WATCHDOG_MS);
  watchdog.unref();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort(signal, 130));

  // Imported only now, after the environment above is in place.
  const options = { samples, command, onCleanup: (stop: () => Promise<void>) => cleanups.push(stop), log: (line: string) => console.log(line) };
  // A section alone, in its own block of docs/benchmarks.md.
  const sections: Record<string, () => Promise<void>> = {
    search: async () => (await import('./sections/search')).runSearchBench(options),
    imports: async () => (await import('./sections/imports')).runImportBench(options),
    exports: async () => (await import('./sections/exports')).runExportBench(options),
    reminders: async () => (await import('./sections/reminders')).runReminderBench(options),
    merge: async () => (await import('./sections/merge')).runMergeBench(options),
    quotes: async () => (await import('./sections/quotes')).runQuoteBench(options),
    'order-edits': async () => (await import('./sections/order-edits')).runOrderEditBench(options),
    events: async () => (await import('./sections/events')).runEventBench(options),
    webhooks: async () => (await import('./sections/webhooks')).runWebhookBench(options),
    forecast: async () => (await import('./sections/forecast')).runForecastBench(options),
    workbench: async () => (await import('./sections/workbench')).runWorkbenchBench(options),
    portal: async () => (await import('./sections/portal')).runPortalBench(options),
    campaigns: async () => (await import('./sections/campaigns')).runCampaignBench(options),
  };
  if (only) {
    const section = sections[only];
    if (!section) throw new Error(`BENCH_ONLY=${only}: one of ${Object.keys(sections).join(', ')}`);
    await section();
  } else {
    await (await import('./suite')).runSuite(options);
  }
  clearTimeout(watchdog);
};

// A finished run exits even if a section left a handle open (a keep-alive socket of an SDK client, a sampler): the
// results are written, and the emulators' stops registered with onCleanup have run.
main()
  .then(async () => {
    await cleanUp();
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    console.error('bench failed:', error);
    await cleanUp();
    process.exit(1);
  });
