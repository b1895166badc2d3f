import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { buildSync, type BuildOptions, type Metafile } from 'esbuild';

/**
 * How every function is bundled: `bundleFunction` below is called by the CDK function construct (as its local
 * bundling step) and by the bench (to measure size and import time), so the bench measures what we deploy.
 */
export const FUNCTION_BUNDLING = {
  format: 'esm',
  // Runs on nodejs24.x; node22 keeps the output valid on the previous runtime should we need to roll back.
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Positions are enough for readable stack traces; embedding the sources would double the bundle.
  sourcesContent: false,
  // Prefer the ESM build of dependencies: better tree shaking, no CJS interop shims.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into an ESM file still call require(); give them one. Aliased import so that
  // it cannot clash with a `createRequire` binding in the bundled code.
  banner:
    "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  // The Lambda Node.js runtime ships AWS SDK v3.
  externalModules: ['@aws-sdk/*'],
  /**
   * Not bundled but shipped as files in the asset's node_modules, and `require`d on first use: a chunk is parsed
   * whole when it loads, so a bundled pinyin-pro (~450 KiB of dictionaries) would be parsed by every route that
   * imports the search keys, Latin names included. As a file it is read only for the first Chinese name.
   */
  sideLoadedModules: ['pinyin-pro'],
  /**
   * Data files a bundled module reads at run time, shipped into the asset's node_modules when that module is in the
   * bundle: the quote PDF's CJK font (Noto Sans SC, ~10 MiB; pdfkit embeds only the glyphs a document uses), resolved
   * with `require.resolve` like in development (functions/orders/quotes/quote-pdf.renderer.ts), with its licence.
   */
  shippedFiles: [
    {
      whenBundled: 'functions/orders/quotes/quote-pdf.renderer.ts',
      packageName: '@expo-google-fonts/noto-sans-sc',
      files: ['package.json', 'LICENSE_FONT', '400Regular/NotoSansSC_400Regular.ttf'],
    },
  ],
  /** The module Lambda loads (`index.handler`); route modules and shared code go to `chunks/`. */
  entryFile: 'index.mjs',
} as const;

export interface FunctionBundle {
  /** The entry module, `<outdir>/index.mjs`. */
  readonly entryFile: string;
  readonly metafile: Metafile;
}

/**
 * esbuild with code splitting: the entry holds what every request needs (middy chain, auth, logging); each
 * route's handler module, imported on the route's first request (`functions/<fn>/index.ts`), becomes its own
 * chunk with what only routes need (zod, the schemas, repositories, pinyin-pro…). A cold start reads and
 * compiles the entry and its static imports only (docs/benchmarks.md, "Cold start"). NodejsFunction cannot
 * do this: it always passes `--outfile`, and splitting needs an output directory.
 */
export const functionBuildOptions = (entry: string, outdir: string, projectRoot: string): BuildOptions => ({
  entryPoints: { index: entry },
  outdir,
  absWorkingDir: projectRoot,
  bundle: true,
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  platform: 'node',
  format: FUNCTION_BUNDLING.format,
  target: FUNCTION_BUNDLING.target,
  minify: FUNCTION_BUNDLING.minify,
  sourcemap: FUNCTION_BUNDLING.sourceMap,
  sourcesContent: FUNCTION_BUNDLING.sourcesContent,
  external: [...FUNCTION_BUNDLING.externalModules, ...FUNCTION_BUNDLING.sideLoadedModules],
  banner: { js: FUNCTION_BUNDLING.banner },
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  metafile: true,
  logLevel: 'warning',
});

/**
 * Copies a side-loaded package into `<outdir>/node_modules`: its package.json, its licence and the file `require`
 * resolves to (the package must be self-contained: pinyin-pro has no dependencies and ships one CommonJS file).
 */
const shipPackage = (name: string, outdir: string, projectRoot: string): void => {
  const requireFromProject = createRequire(join(projectRoot, 'package.json'));
  const manifest = requireFromProject.resolve(`${name}/package.json`);
  const packageRoot = dirname(manifest);
  const licence = join(packageRoot, 'LICENSE');
  for (const file of [manifest, requireFromProject.resolve(name), ...(existsSync(licence) ? [licence] : [])]) {
    const target = join(outdir, 'node_modules', name, relative(packageRoot, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
};

/** Builds one function into `outdir` (synchronously: CDK's local bundling hook is synchronous). */
export const bundleFunction = (entry: string, outdir: string, projectRoot: string): FunctionBundle => {
  const { metafile, errors } = buildSync(functionBuildOptions(entry, outdir, projectRoot));
  if (errors.length > 0 || !metafile) throw new Error(`esbuild failed for ${entry}`);
  const imported = new Set(Object.values(metafile.outputs).flatMap((output) => output.imports.map((entry) => entry.path)));
  for (const name of FUNCTION_BUNDLING.sideLoadedModules) if (imported.has(name)) shipPackage(name, outdir, projectRoot);
  const inputs = new Set(Object.keys(metafile.inputs));
  for (const shipped of FUNCTION_BUNDLING.shippedFiles) {
    if (!inputs.has(shipped.whenBundled)) continue;
    const packageRoot = dirname(createRequire(join(projectRoot, 'package.json')).resolve(`${shipped.packageName}/package.json`));
    for (const file of shipped.files) {
      const target = join(outdir, 'node_modules', shipped.packageName, file);
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(packageRoot, file), target);
    }
  }
  return { entryFile: `${outdir}/${FUNCTION_BUNDLING.entryFile}`, metafile };
};

/**
 * The output files a cold start loads: the entry and every chunk it reaches by static `import` (not the routes'
 * dynamic `import()`). Keys of `metafile.outputs`.
 */
export const coldStartOutputs = (metafile: Metafile, entryKey: string): string[] => {
  const reached = new Set([entryKey]);
  const queue = [entryKey];
  while (queue.length > 0) {
    for (const imported of metafile.outputs[queue.shift()!]?.imports ?? []) {
      if (imported.kind !== 'import-statement' || imported.external || reached.has(imported.path)) continue;
      reached.add(imported.path);
      queue.push(imported.path);
    }
  }
  return [...reached];
};
