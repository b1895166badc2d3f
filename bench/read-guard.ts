/**
 * `npm run bench:read-guard`: the customer read path's overhead on emulators started on free ports, printed as
 * Markdown; docs/benchmarks.md quotes it with this command.
 *
 *   npm run bench:read-guard                          the read guard section (bench/sections/read-guard.ts), 300 samples per series
 *   BENCH_SAMPLES=1000 npm run bench:read-guard
 *   BENCH_READ_PATH=1 npm run bench:read-guard        also the latency section (bench/sections/latency.ts): gateway,
 *                                                     handler in-process and raw GetItem p50/p99, as `npm run bench` measures them
 *
 * Nothing is asserted: the series are compared as ratios measured in the same run.
 */
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
// Counted, never tripped: the samples read the same customer thousands of times as one demo user.
process.env['CUSTOMER_READ_LIMIT'] ??= '100000000';

const samples = Number(process.env['BENCH_SAMPLES'] ?? 300);
const withLatency = process.env['BENCH_READ_PATH'] === '1';
const { startBenchStack } = await import('./lib/bench-stack');
const { describeMachine } = await import('./lib/machine');
const { measureReadGuard, renderReadGuardSection } = await import('./sections/read-guard');
const { measureLatency, renderLatencyTables } = await import('./sections/latency');

const stack = await startBenchStack();
const watchdog = setTimeout(() => {
  console.error('bench:read-guard: still running after 5 min, stopping');
  void stack.stop().finally(() => process.exit(1));
}, 5 * 60_000);
try {
  const machine = describeMachine();
  const command = [process.env['BENCH_SAMPLES'] ? `BENCH_SAMPLES=${samples}` : '', withLatency ? 'BENCH_READ_PATH=1' : '', 'npm run bench:read-guard']
    .filter(Boolean)
    .join(' ');
  if (withLatency) {
    // As `npm run bench` runs it: am1, concurrency 8, the same sample count.
    const latency = await measureLatency(stack, { samples, concurrency: 8, user: 'am1' });
    console.log(`_\`${command}\` · ${machine.date} · load ${machine.loadAverage.join(' / ')}_\n\n${renderLatencyTables(latency)}\n`);
  }
  const result = await measureReadGuard(stack, { samples, user: 'sales' });
  const provenance =
    `_\`${command}\` · ${machine.date} · node ${machine.node} · ${machine.cores} cores (${machine.cpuModel}) · ` +
    `load ${machine.loadAverage.join(' / ')}_`;
  console.log(renderReadGuardSection(result, provenance));
} finally {
  clearTimeout(watchdog);
  await stack.stop();
}

// A module (top-level await): the imports above are dynamic so that the environment is set first.
export {};
