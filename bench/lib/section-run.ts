import { fileURLToPath } from 'node:url';
import type { BenchStack } from './bench-stack';
import { writeGeneratedSection } from './markdown';

/** What `npm run bench` hands a section run by itself (`BENCH_ONLY=<section>`). */
export interface SectionRunOptions {
  readonly command: string;
  readonly onCleanup: (stop: () => Promise<void>) => void;
  readonly log: (line: string) => void;
}

/** One section of docs/benchmarks.md: how it is measured on a fresh bench stack, and how its block is written. */
export interface BenchSection<F> {
  /** The section's file, named in the provenance line (e.g. `bench/sections/quotes.ts`). */
  readonly file: string;
  readonly markers: { readonly start: string; readonly end: string };
  /** aws-ses-v2-local beside the stack (mail sections). */
  readonly ses?: boolean;
  /** Environment settings that shaped the run, named in the provenance's command (`BENCH_FORECAST_COUNTS=…`). */
  readonly settings?: readonly string[];
  /** Whether the provenance line records the load average (sections whose times are the subject). */
  readonly load?: boolean;
  readonly measure: (stack: BenchStack, log: (line: string) => void) => Promise<F>;
  readonly render: (figures: F, provenance: string) => string;
}

/**
 * Runs one section alone: the bench stack started (and stopped on every path, also by the runner's cleanup), the
 * figures measured, the section's block of docs/benchmarks.md rewritten with a provenance line naming the command,
 * the file, the date and the machine.
 */
export const runBenchSection = async <F>(section: BenchSection<F>, options: SectionRunOptions): Promise<void> => {
  const { startBenchStack } = await import('./bench-stack');
  const { describeMachine } = await import('./machine');
  const machine = describeMachine();
  const stack = await startBenchStack(section.ses ? { ses: true } : {});
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= stack.stop());
  options.onCleanup(stop);
  try {
    const figures = await section.measure(stack, options.log);
    const settings = (section.settings ?? []).filter((name) => process.env[name]).map((name) => `${name}=${process.env[name]} `).join('');
    const load = section.load ? `, load ${machine.loadAverage.join(' / ')}` : '';
    const provenance = `_\`${settings}${options.command}\` (${section.file}) · ${machine.date} · node ${machine.node}, ${machine.cores} cores${load}_`;
    const path = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));
    await writeGeneratedSection(path, section.render(figures, provenance), '# Benchmarks\n', section.markers);
    options.log(`bench: results written to ${path}`);
  } finally {
    await stop();
  }
};
