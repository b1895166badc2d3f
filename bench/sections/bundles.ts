import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { relative } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { coldStartOutputs, functionBuildOptions } from '#lib/function-bundling';

export interface BundleInput {
  readonly path: string;
  readonly bytes: number;
}

export interface BundlePackage extends BundleInput {
  /** The package's largest directory in the bundle (`v4/locales`), a hint of where to cut. */
  readonly largestDirectory: BundleInput;
}

export interface BundleFigures {
  readonly name: string;
  readonly entry: string;
  /** The built `index.mjs`, importable: `.bench/` sits inside the repository, so `@aws-sdk/*` resolves. */
  readonly outfile: string;
  /** What a cold start loads: `index.mjs` and the chunks it imports statically (minified bytes). */
  readonly bytes: number;
  readonly gzipBytes: number;
  /** The source maps of those files, which `--enable-source-maps` makes Node read at load time. */
  readonly sourceMapBytes: number;
  /** Every module of the function, route chunks included (loaded on each route's first request). */
  readonly totalBytes: number;
  /**
   * The route whose first request loads the most code on top of the cold start (its handler chunk and the chunks
   * that one imports: zod, the schemas, the repository…), to measure what the first request adds.
   */
  readonly heaviestRoute?: { readonly handlerModule: string; readonly outfile: string; readonly bytes: number };
  /** Largest contributors to what a cold start loads (minified bytes), by file and by package. */
  readonly topInputs: readonly BundleInput[];
  readonly topPackages: readonly BundlePackage[];
}

/**
 * `node_modules/zod/v4/locales/de.js` → package `zod`, directory `v4/locales` (at most three levels deep);
 * repository files → their top directory (`shared/`) and the directories below it.
 */
const locate = (path: string): { pkg: string; directory: string } => {
  const inModules = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  const [pkg, rest] = inModules
    ? [inModules[1]!, inModules[2]!]
    : [`${path.split('/')[0]}/ (this repository)`, path.split('/').slice(1).join('/')];
  const directory = rest.split('/').slice(0, -1).slice(0, 3).join('/') || '.';
  return { pkg, directory };
};

const rollUp = (inputs: Map<string, number>): BundlePackage[] => {
  const packages = new Map<string, { bytes: number; directories: Map<string, number> }>();
  for (const [path, bytes] of inputs) {
    const { pkg, directory } = locate(path);
    const entry = packages.get(pkg) ?? { bytes: 0, directories: new Map<string, number>() };
    entry.bytes += bytes;
    entry.directories.set(directory, (entry.directories.get(directory) ?? 0) + bytes);
    packages.set(pkg, entry);
  }
  return top([...packages].map(([pkg, entry]) => [pkg, entry.bytes] as [string, number]), 5).map((input) => ({
    ...input,
    largestDirectory: top(packages.get(input.path)!.directories, 1)[0]!,
  }));
};

const top = (entries: Iterable<[string, number]>, count: number): BundleInput[] =>
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([path, bytes]) => ({ path, bytes }));

const contributions = (metafile: Metafile, outputKeys: readonly string[]): Map<string, number> => {
  const inputs = new Map<string, number>();
  for (const key of outputKeys) {
    for (const [path, input] of Object.entries(metafile.outputs[key]!.inputs)) inputs.set(path, (inputs.get(path) ?? 0) + input.bytesInOutput);
  }
  return inputs;
};

/** Builds one entry exactly as the CDK construct does (`functionBuildOptions`) and measures the result. */
export const buildBundle = async (name: string, entry: string, projectRoot: string, outDir: string): Promise<BundleFigures> => {
  const outdir = join(outDir, name);
  const outfile = join(outdir, 'index.mjs');
  const { metafile } = await build(functionBuildOptions(entry, outdir, projectRoot));
  if (!metafile) throw new Error('esbuild returned no metafile');
  const entryKey = relative(projectRoot, outfile);
  if (!metafile.outputs[entryKey]) throw new Error(`esbuild metafile has no output ${entryKey}`);
  const loaded = coldStartOutputs(metafile, entryKey);
  const code = Buffer.concat(await Promise.all(loaded.map((key) => readFile(join(projectRoot, key)))));
  const sourceMaps = await Promise.all(loaded.map((key) => readFile(join(projectRoot, `${key}.map`))));
  const inputs = contributions(metafile, loaded);
  const coldStart = new Set(loaded);
  const routeLoads = Object.entries(metafile.outputs)
    .filter(([key, output]) => key.endsWith('.mjs') && output.entryPoint?.endsWith('.handler.ts'))
    .map(([key, output]) => ({
      handlerModule: output.entryPoint!,
      outfile: join(projectRoot, key),
      bytes: coldStartOutputs(metafile, key)
        .filter((reached) => !coldStart.has(reached))
        .reduce((sum, reached) => sum + metafile.outputs[reached]!.bytes, 0),
    }))
    .sort((a, b) => b.bytes - a.bytes);
  const totalBytes = Object.entries(metafile.outputs)
    .filter(([key]) => key.endsWith('.mjs'))
    .reduce((sum, [, output]) => sum + output.bytes, 0);
  return {
    name,
    entry,
    outfile,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    sourceMapBytes: sourceMaps.reduce((sum, map) => sum + map.byteLength, 0),
    totalBytes,
    ...(routeLoads[0] ? { heaviestRoute: routeLoads[0] } : {}),
    topInputs: top(inputs, 5),
    topPackages: rollUp(inputs),
  };
};
