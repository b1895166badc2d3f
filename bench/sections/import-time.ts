import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { summarize, type Summary } from '../lib/stats';

const run = promisify(execFile);

/**
 * Runs in a fresh `node` per sample: the time of the top-level `await import()` of one bundle, i.e. the module
 * loading part of a cold start (the runtime's own start-up is the same for every function and left out).
 */
const PROBE = `
const cpu = process.cpuUsage();
const started = performance.now();
await import(process.env.BENCH_IMPORT_URL);
if (process.env.BENCH_ROUTE_URL) await import(process.env.BENCH_ROUTE_URL);
const elapsed = performance.now() - started;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ ms: elapsed, cpuMs: (used.user + used.system) / 1000 }));
`;

/**
 * What a function sees at cold start, with placeholder values: the customers function validates its
 * configuration at import time. A clean environment also keeps the parent's loaders (tsx) out of the child.
 */
const childEnvironment = (url: string, routeUrl: string | undefined): NodeJS.ProcessEnv => ({
  PATH: process.env['PATH'],
  BENCH_IMPORT_URL: url,
  ...(routeUrl ? { BENCH_ROUTE_URL: routeUrl } : {}),
  TABLE_NAME: 'crm-bench',
  USER_POOL_ID: 'us-east-1_bench',
  CURSOR_SIGNING_KEY: 'bench-cursor-signing-key-placeholder-000000',
  AWS_REGION: 'us-east-1',
  POWERTOOLS_SERVICE_NAME: 'crm-bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

export interface ImportTarget {
  readonly name: string;
  readonly outfile: string;
  /**
   * Also import this route chunk after the entry, in the same measurement: the module loading that a route's
   * first request adds to the cold start (a function's `lazyRoute` does the same `import()`).
   */
  readonly routeFile?: string;
}

export interface ImportVariant {
  readonly label: string;
  readonly nodeFlags: readonly string[];
}

/** The construct sets NODE_OPTIONS=--enable-source-maps, which makes Node read the .map at load time. */
export const IMPORT_VARIANTS: readonly ImportVariant[] = [
  { label: 'with --enable-source-maps (as deployed)', nodeFlags: ['--enable-source-maps'] },
  { label: 'without source maps', nodeFlags: [] },
];

export interface ImportTimeFigures {
  readonly target: string;
  readonly variant: string;
  readonly summary: Summary;
  /** In round order: sample `i` of every series was taken in the same round, moments apart. */
  readonly samples: readonly number[];
  /**
   * CPU time (user + system, all threads of the child) spent in the same import, in round order. On a shared
   * machine the wall time also holds the time spent waiting for a core; the CPU time mostly does not, so its
   * ratio is the steadier figure when the neighbours are busy.
   */
  readonly cpuSamples: readonly number[];
}

/**
 * Median of the per-round ratios `a[i] / b[i]`. Samples of one round are taken moments apart, so a slow
 * stretch on the machine inflates both sides of a ratio alike: steadier than a ratio of medians.
 */
export const pairedRatio = (a: readonly number[], b: readonly number[]): number =>
  summarize(a.slice(0, b.length).map((value, index) => value / b[index]!)).p50;

const importOnce = async (target: ImportTarget, variant: ImportVariant): Promise<{ ms: number; cpuMs: number }> => {
  const { stdout } = await run(process.execPath, [...variant.nodeFlags, '--input-type=module', '-e', PROBE], {
    env: childEnvironment(pathToFileURL(target.outfile).href, target.routeFile ? pathToFileURL(target.routeFile).href : undefined),
    timeout: 30_000,
  });
  return JSON.parse(stdout) as { ms: number; cpuMs: number };
};

/**
 * `samples` fresh processes per target and variant, interleaved round by round (and the order rotated every
 * round) so that a noisy neighbour on this shared machine hits every series alike. One unmeasured import of
 * each first, to warm the file system cache.
 */
export const measureImportTimes = async (
  targets: readonly ImportTarget[],
  samples: number,
): Promise<ImportTimeFigures[]> => {
  const series = targets.flatMap((target) => IMPORT_VARIANTS.map((variant) => ({ target, variant, times: [] as number[], cpu: [] as number[] })));
  for (const { target, variant } of series) await importOnce(target, variant);
  for (let round = 0; round < samples; round += 1) {
    for (let index = 0; index < series.length; index += 1) {
      const entry = series[(index + round) % series.length]!;
      const sample = await importOnce(entry.target, entry.variant);
      entry.times.push(sample.ms);
      entry.cpu.push(sample.cpuMs);
    }
  }
  return series.map(({ target, variant, times, cpu }) => ({
    target: target.name,
    variant: variant.label,
    summary: summarize(times),
    samples: times,
    cpuSamples: cpu,
  }));
};
