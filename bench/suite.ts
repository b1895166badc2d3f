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
  try {
    dynamodb = await step(log, 'DynamoDB requests per operation', () => measureDynamoDbRequests(stack, { seedCustomers: 60 }));
    latency = await step(log, `latency (${samples} samples per series)`, () =>
      measureLatency(stack, { samples, concurrency: 8, user: 'am1' }),
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
  };
  await mkdir(join(PROJECT_ROOT, 'docs'), { recursive: true });
  await writeGeneratedSection(REPORT_PATH, renderReport(results), '# Benchmarks\n');
  log(renderSummary(results));
  log(`bench: results written to ${REPORT_PATH}`);
  return results;
};
