/**
 * `npm run bench:cold-start`: only the cold-start figures of `npm run bench` (bundle size and module import
 * time of every feature function beside the minimal GetItem handler, built with the CDK construct's esbuild
 * options), printed as Markdown, without emulators and without touching docs/benchmarks.md. A quick check for
 * cold-start work; `npm run bench` remains the full run.
 *
 *   npm run bench:cold-start                        15 imports per series
 *   BENCH_IMPORT_SAMPLES=31 npm run bench:cold-start
 *   BENCH_COLD_START_JSON=/tmp/run1.json npm run bench:cold-start   also writes the figures as JSON
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

const bundles = await Promise.all(FEATURE_FUNCTIONS.map((fn) => buildBundle(fn, `functions/${fn}/index.ts`, PROJECT_ROOT, OUT_DIR)));
const minimal = await buildBundle('minimal-get-item', 'bench/fixtures/minimal-get-item.handler.ts', PROJECT_ROOT, OUT_DIR);
const figures = await measureImportTimes([...bundles, minimal].map(({ name, outfile }) => ({ name, outfile })), samples);
const deployed = (name: string) => figures.find((figure) => figure.target === name && figure.variant.startsWith('with'))!;
const base = deployed('minimal-get-item');
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

console.log(`_\`npm run bench:cold-start\` · ${new Date().toISOString()} · node ${process.version} · ${samples} imports per series, with --enable-source-maps (as deployed)_\n`);
console.log('| bundle | minified | gzip | largest packages | import median | vs minimal (medians) | paired ratio | CPU median | CPU paired ratio |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const bundle of [...bundles, minimal]) {
  const figure = deployed(bundle.name);
  const packages = bundle.topPackages.slice(0, 3).map((entry) => `${entry.path} ${kib(entry.bytes)}`).join(', ');
  console.log(
    `| ${bundle.name} | ${kib(bundle.bytes)} | ${kib(bundle.gzipBytes)} | ${packages} | ${figure.summary.p50.toFixed(1)} ms | ` +
      `${(figure.summary.p50 / base.summary.p50).toFixed(2)}× | ${pairedRatio(figure.samples, base.samples).toFixed(2)}× | ` +
      `${summarize(figure.cpuSamples).p50.toFixed(1)} ms | ${pairedRatio(figure.cpuSamples, base.cpuSamples).toFixed(2)}× |`,
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
      wallMedian: figure.summary.p50,
      wallPaired: pairedRatio(figure.samples, base.samples),
      cpuMedian: summarize(figure.cpuSamples).p50,
      cpuPaired: pairedRatio(figure.cpuSamples, base.cpuSamples),
    };
  });
  await writeFile(jsonPath, `${JSON.stringify({ at: new Date().toISOString(), loadAverage: loadavg(), samples, rows }, null, 2)}\n`);
}
