/**
 * `npm run job:reports`: runs the report-snapshot job — the very handler module Lambda runs — once, against the
 * local stack that `npm start` is serving (it reads `.local/endpoints.json`).
 *
 *   npm run job:reports                          the month of yesterday (what the nightly schedule does)
 *   npm run job:reports -- --period 2026-10      that month (re-running overwrites its snapshots)
 *   npm run job:reports -- --endpoints path/to/endpoints.json
 *
 * Prints the run's summary as JSON; exits 1 if the run failed (as the scheduler would retry it).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const main = async (): Promise<void> => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { values } = parseArgs({
    options: {
      period: { type: 'string' },
      endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') },
    },
    strict: true,
  });
  if (values.period !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.period)) {
    throw new Error(`--period ${values.period}: not a month (use e.g. 2026-10)`);
  }
  let endpoints: { region: string; tableName: string; dynamodbEndpoint: string };
  try {
    endpoints = JSON.parse(await readFile(values.endpoints!, 'utf8')) as typeof endpoints;
  } catch {
    throw new Error(`No local stack found (${values.endpoints} is missing or unreadable): start it with \`npm start\` first.`);
  }
  // The job's configuration, as the CDK construct sets it in AWS — before the handler module is imported.
  Object.assign(process.env, {
    TABLE_NAME: endpoints.tableName,
    AWS_REGION: endpoints.region,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_SERVICE_NAME: 'crm-report-snapshots',
  });
  const { handler } = await import('#functions/jobs/report-snapshots.handler');
  const run = await handler({ trigger: 'manual', ...(values.period ? { period: values.period } : {}) });
  console.log(JSON.stringify(run, null, 2));
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
