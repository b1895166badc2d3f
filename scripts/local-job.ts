/**
 * The one runner of the `npm run job:*` scripts: a scheduled job's handler module — the very one Lambda runs — run
 * once against the local stack that `npm start` is serving (`.local/endpoints.json`, or `--endpoints <file>`). The
 * job's configuration is set as the CDK construct sets it in AWS, before the handler module is imported. Prints the
 * run's summary as JSON; exits 1 if the run failed (as the scheduler would retry it).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** What `npm start` writes to `.local/endpoints.json` that the jobs need. */
export interface LocalEndpoints {
  readonly region: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
  readonly cognitoEndpoint?: string;
  readonly userPoolId?: string;
  readonly sesEndpoint?: string;
}

export interface LocalJob {
  /** The function's Powertools service name. */
  readonly service: string;
  /** The job's own string options (`--since`, `--period` …), beside `--endpoints`. */
  readonly options?: readonly string[];
  /** Refuses bad options or a local stack the job cannot run on (a thrown message is printed). */
  readonly check?: (values: Readonly<Record<string, string | undefined>>, endpoints: LocalEndpoints) => void;
  /** The job's environment beyond the table's (the construct's settings). */
  readonly environment?: (endpoints: LocalEndpoints, values: Readonly<Record<string, string | undefined>>) => Record<string, string>;
  /** Imports the handler module and runs it once. */
  readonly run: (values: Readonly<Record<string, string | undefined>>) => Promise<unknown>;
  /** A line printed after the summary (where to look next). */
  readonly footer?: (endpoints: LocalEndpoints) => string;
}

const main = async (job: LocalJob): Promise<void> => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const own = Object.fromEntries((job.options ?? []).map((name) => [name, { type: 'string' as const }]));
  const { values } = parseArgs({ options: { ...own, endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') } }, strict: true });
  const strings = values as Record<string, string | undefined>;
  let endpoints: LocalEndpoints;
  try {
    endpoints = JSON.parse(await readFile(String(strings['endpoints']), 'utf8')) as LocalEndpoints;
  } catch {
    throw new Error(`No local stack found (${strings['endpoints']} is missing or unreadable): start it with \`npm start\` first.`);
  }
  job.check?.(strings, endpoints);
  Object.assign(process.env, {
    TABLE_NAME: endpoints.tableName,
    AWS_REGION: endpoints.region,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_SERVICE_NAME: job.service,
    ...job.environment?.(endpoints, strings),
  });
  console.log(JSON.stringify(await job.run(strings), null, 2));
  if (job.footer) console.log(job.footer(endpoints));
};

/** Runs `job` as the script's whole work; a failure prints its message and exits 1. */
export const runLocalJob = (job: LocalJob): void => {
  main(job).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
};
