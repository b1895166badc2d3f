/**
 * `npm run job:reminders`: runs the reminder job — the very handler module Lambda runs every minute — once, against
 * the local stack that `npm start` is serving (it reads `.local/endpoints.json`). Due reminders become notifications
 * (`GET /v1/notifications`) and, for users who want them, mail in aws-ses-v2-local (its URL is printed by `npm start`).
 *
 *   npm run job:reminders                                   the window since the last run (first run: 15 minutes)
 *   npm run job:reminders -- --since 2026-12-06T08:00:00Z   re-read a window (the checkpoint stays where it is)
 *   npm run job:reminders -- --endpoints path/to/endpoints.json
 *
 * Prints the run's counts as JSON; exits 1 if the run failed (as the scheduler would retry it).
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
  readonly cognitoEndpoint: string;
  readonly userPoolId: string;
  readonly sesEndpoint?: string;
}

const main = async (): Promise<void> => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { values } = parseArgs({
    options: { since: { type: 'string' }, endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') } },
    strict: true,
  });
  let endpoints: Endpoints;
  try {
    endpoints = JSON.parse(await readFile(values.endpoints!, 'utf8')) as Endpoints;
  } catch {
    throw new Error(`No local stack found (${values.endpoints} is missing or unreadable): start it with \`npm start\` first.`);
  }
  if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw new Error(`--since ${values.since}: not an instant (e.g. 2026-12-06T08:00:00Z)`);
  if (!endpoints.sesEndpoint) throw new Error('The local stack has no aws-ses-v2-local endpoint: restart it with `npm start`.');

  // The job's configuration, as the CDK construct sets it in AWS — before the handler module is imported.
  Object.assign(process.env, {
    TABLE_NAME: endpoints.tableName,
    USER_POOL_ID: endpoints.userPoolId,
    AWS_REGION: endpoints.region,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    COGNITO_ENDPOINT: endpoints.cognitoEndpoint,
    SES_ENDPOINT: endpoints.sesEndpoint,
    MAIL_FROM: 'crm-reminders@example.com',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_SERVICE_NAME: 'crm-reminders',
  });
  const { handler } = await import('#functions/jobs/reminders.handler');
  const run = await handler(values.since ? { since: values.since } : {});
  console.log(JSON.stringify(run, null, 2));
  console.log(`Mail: ${endpoints.sesEndpoint}`);
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
