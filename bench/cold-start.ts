/**
 * `npm run bench:cold-start`: only the cold-start figures of `npm run bench` (bundle size and module import
 * time of every feature function beside the minimal GetItem handler, built with the CDK construct's esbuild
 * options), printed as Markdown, without emulators and without touching docs/benchmarks.md. A quick check for
 * cold-start work; `npm run bench` remains the full run.
 *
 *   npm run bench:cold-start                        15 imports per series
 *   BENCH_IMPORT_SAMPLES=31 npm run bench:cold-start
 */
import { fileURLToPath } from 'node:url';
import { FEATURE_FUNCTIONS } from '#shared/routes';
import { buildBundle } from './sections/bundles';
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
console.log('| bundle | minified | gzip | largest packages | import median | vs minimal (medians) | paired ratio |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const bundle of [...bundles, minimal]) {
  const figure = deployed(bundle.name);
  const packages = bundle.topPackages.slice(0, 3).map((entry) => `${entry.path} ${kib(entry.bytes)}`).join(', ');
  console.log(
    `| ${bundle.name} | ${kib(bundle.bytes)} | ${kib(bundle.gzipBytes)} | ${packages} | ${figure.summary.p50.toFixed(1)} ms | ` +
      `${(figure.summary.p50 / base.summary.p50).toFixed(2)}× | ${pairedRatio(figure.samples, base.samples).toFixed(2)}× |`,
  );
}
