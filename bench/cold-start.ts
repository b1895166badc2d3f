/**
 * `npm run bench:cold-start`: only the cold-start figures of `npm run bench` (bundle size and module import
 * time of every feature function beside the minimal GetItem handler, built with the CDK construct's esbuild
 * options), printed as Markdown, without emulators and without touching docs/benchmarks.md. A quick check for
 * cold-start work; `npm run bench` remains the full run.
 *
 *   npm run bench:cold-start                        15 imports per series
 *   BENCH_IMPORT_SAMPLES=31 npm run bench:cold-start
 *   BENCH_COLD_START_JSON=/tmp/run1.json npm run bench:cold-start   also writes the figures as JSON
 *   BENCH_FUNCTIONS=customers,contacts npm run bench:cold-start     only those functions (and the minimal handler)
 *
 * A second table adds, per function, the chunks of its heaviest route to the same import: the module loading of
 * a cold start whose first request is that route (the routes' code is imported lazily, on their first request).
 *
 * Besides the wall time of the import it records the CPU time the child spent in it: on a busy shared machine
 * the wall time also counts the time spent waiting for a core, the CPU time mostly does not.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { FEATURE_FUNCTIONS } from '#shared/routes';
import { buildBundle } from './sections/bundles';
import { summarize } from './lib/stats';
import { measureImportTimes, pairedRatio } from './sections/import-time';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = fileURLToPath(new URL('../.bench/cold-start', import.meta.url));
const samples = Number(process.env['BENCH_IMPORT_SAMPLES'] ?? 15);

// BENCH_FUNCTIONS=customers,contacts measures only those (and the minimal handler): a quicker before/after.
const only = process.env['BENCH_FUNCTIONS']?.split(',').map((name) => name.trim()).filter(Boolean);
const measured = only?.length ? FEATURE_FUNCTIONS.filter((fn) => only.includes(fn)) : FEATURE_FUNCTIONS;
const bundles = await Promise.all(measured.map((fn) => buildBundle(fn, `functions/${fn}/index.ts`, PROJECT_ROOT, OUT_DIR)));
const minimal = await buildBundle('minimal-get-item', 'bench/fixtures/minimal-get-item.handler.ts', PROJECT_ROOT, OUT_DIR);
// Besides each entry: the entry plus the chunks of the function's heaviest route, i.e. the module loading of a cold
// start whose first request is that route (what the init phase defers, paid on the first request instead).
const withRoute = (name: string) => `${name} + first request`;
const routeTargets = bundles.flatMap(({ name, outfile, heaviestRoute }) =>
  heaviestRoute ? [{ name: withRoute(name), outfile, routeFile: heaviestRoute.outfile }] : [],
);
const figures = await measureImportTimes([...[...bundles, minimal].map(({ name, outfile }) => ({ name, outfile })), ...routeTargets], samples);
const deployed = (name: string) => figures.find((figure) => figure.target === name && figure.variant.startsWith('with'))!;
const base = deployed('minimal-get-item');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

console.log(`_\`npm run bench:cold-start\` · ${new Date().toISOString()} · node ${process.version} · ${samples} imports per series, with --enable-source-maps (as deployed)_\n`);
console.log('| bundle | loaded at cold start (minified) | gzip | all chunks | largest packages at cold start | import median | vs minimal (medians) | paired ratio | CPU median | CPU paired ratio |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const bundle of [...bundles, minimal]) {
  const figure = deployed(bundle.name);
  const packages = bundle.topPackages.slice(0, 3).map((entry) => `${entry.path} ${kib(entry.bytes)}`).join(', ');
  console.log(
    `| ${bundle.name} | ${kib(bundle.bytes)} | ${kib(bundle.gzipBytes)} | ${kib(bundle.totalBytes)} | ${packages} | ${figure.summary.p50.toFixed(1)} ms | ` +
      `${(figure.summary.p50 / base.summary.p50).toFixed(2)}× | ${pairedRatio(figure.samples, base.samples).toFixed(2)}× | ` +
      `${summarize(figure.cpuSamples).p50.toFixed(1)} ms | ${pairedRatio(figure.cpuSamples, base.cpuSamples).toFixed(2)}× |`,
  );
}
console.log('\nModule loading of a cold start whose first request is the function\'s heaviest route (entry + that route\'s chunks), against the minimal handler\'s import:\n');
console.log('| function | heaviest route (handler module) | its chunks | import median | paired ratio | CPU paired ratio |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const bundle of bundles) {
  if (!bundle.heaviestRoute) continue;
  const figure = deployed(withRoute(bundle.name));
  console.log(
    `| ${bundle.name} | \`${bundle.heaviestRoute.handlerModule}\` | ${kib(bundle.heaviestRoute.bytes)} | ${figure.summary.p50.toFixed(1)} ms | ` +
      `${pairedRatio(figure.samples, base.samples).toFixed(2)}× | ${pairedRatio(figure.cpuSamples, base.cpuSamples).toFixed(2)}× |`,
  );
}
// Machine-readable, for comparing several runs (`BENCH_COLD_START_JSON=path`).
const jsonPath = process.env['BENCH_COLD_START_JSON'];
if (jsonPath) {
  const rows = [...bundles, minimal].map((bundle) => {
    const figure = deployed(bundle.name);
    return {
      name: bundle.name,
      bytes: bundle.bytes,
      totalBytes: bundle.totalBytes,
      wallMedian: figure.summary.p50,
      wallPaired: pairedRatio(figure.samples, base.samples),
      cpuMedian: summarize(figure.cpuSamples).p50,
      cpuPaired: pairedRatio(figure.cpuSamples, base.cpuSamples),
      ...(bundle.name !== 'minimal-get-item'
        ? (() => {
            const first = deployed(withRoute(bundle.name));
            return { firstRequestWallPaired: pairedRatio(first.samples, base.samples), firstRequestCpuPaired: pairedRatio(first.cpuSamples, base.cpuSamples) };
          })()
        : {}),
    };
  });
  await writeFile(jsonPath, `${JSON.stringify({ at: new Date().toISOString(), loadAverage: loadavg(), samples, rows }, null, 2)}\n`);
}
