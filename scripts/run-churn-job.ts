/**
 * `npm run job:churn`: runs the daily churn-detection job — the very handler module Lambda runs — once, against
 * the local stack that `npm start` is serving (it reads `.local/endpoints.json`).
 *
 *   npm run job:churn                                   as of now, threshold 6 months
 *   npm run job:churn -- --as-of 2027-06-01             as of another day (pinned clock), e.g. to see warnings
 *                                                       on a freshly seeded store
 *   npm run job:churn -- --threshold-months 3           another threshold (CHURN_THRESHOLD_MONTHS)
 *   npm run job:churn -- --endpoints path/to/endpoints.json
 *
 * Prints the run's summary as JSON; exits 1 if the run failed (as the scheduler would retry it).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

interface Endpoints {
  readonly region: string;
  readonly tableName: string;
  readonly dynamodbEndpoint: string;
}

const main = async (): Promise<void> => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { values } = parseArgs({
    options: {
      'as-of': { type: 'string' },
      'threshold-months': { type: 'string' },
      endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') },
    },
    strict: true,
  });
  let endpoints: Endpoints;
  try {
    endpoints = JSON.parse(await readFile(values.endpoints!, 'utf8')) as Endpoints;
  } catch {
    throw new Error(`No local stack found (${values.endpoints} is missing or unreadable): start it with \`npm start\` first.`);
  }
  const asOf = values['as-of'] === undefined ? undefined : new Date(values['as-of']);
  if (asOf && Number.isNaN(asOf.getTime())) throw new Error(`--as-of ${values['as-of']}: not a date (use e.g. 2027-06-01 or 2027-06-01T02:30:00Z)`);

  // The job's configuration, as the CDK construct sets it in AWS — before the handler module is imported.
  Object.assign(process.env, {
    TABLE_NAME: endpoints.tableName,
    AWS_REGION: endpoints.region,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_SERVICE_NAME: 'crm-churn-detection',
    ...(values['threshold-months'] ? { CHURN_THRESHOLD_MONTHS: values['threshold-months'] } : {}),
  });
  const { handler } = await import('#functions/jobs/churn-detection.handler');
  if (asOf) {
    const { churnDetectionDependencies, useChurnDetectionDependencies } = await import('#functions/jobs/churn-detection.container');
    useChurnDetectionDependencies({ ...churnDetectionDependencies(), clock: { now: () => asOf } });
  }
  const run = await handler();
  console.log(JSON.stringify({ ...run, opened: run.opened.length, openedCustomerIds: run.opened }, null, 2));
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
