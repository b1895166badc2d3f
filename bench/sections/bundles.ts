import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { cdkBundleOptions } from '../bundle-options';

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
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** Largest contributors to the output (minified bytes), by file and by package. */
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

const contributions = (metafile: Metafile, outfileKey: string): Map<string, number> => {
  const output = metafile.outputs[outfileKey];
  if (!output) throw new Error(`esbuild metafile has no output ${outfileKey}`);
  return new Map(Object.entries(output.inputs).map(([path, input]) => [path, input.bytesInOutput]));
};

/** Builds one entry exactly as the CDK construct would and measures the result. */
export const buildBundle = async (name: string, entry: string, projectRoot: string, outDir: string): Promise<BundleFigures> => {
  const outfile = join(outDir, name, 'index.mjs');
  const { metafile } = await build(cdkBundleOptions(entry, outfile, projectRoot));
  if (!metafile) throw new Error('esbuild returned no metafile');
  const code = await readFile(outfile);
  const sourceMap = await readFile(`${outfile}.map`);
  const outfileKey = Object.keys(metafile.outputs).find((key) => key.endsWith('index.mjs'));
  const inputs = contributions(metafile, outfileKey ?? '');
  return {
    name,
    entry,
    outfile,
    bytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    sourceMapBytes: sourceMap.byteLength,
    topInputs: top(inputs, 5),
    topPackages: rollUp(inputs),
  };
};
