/**
 * `npm run job:webhooks`: runs the webhook retry job — the very handler module Lambda runs every minute — once,
 * against the local stack that `npm start` is serving (it reads `.local/endpoints.json`). Prints the run's summary as
 * JSON; exits 1 if the run failed.
 *
 *   npm run job:webhooks
 *   npm run job:webhooks -- --endpoints path/to/endpoints.json
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const main = async (): Promise<void> => {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const { values } = parseArgs({ options: { endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') } }, strict: true });
  let endpoints: { region: string; tableName: string; dynamodbEndpoint: string };
  try {
    endpoints = JSON.parse(await readFile(values.endpoints!, 'utf8')) as typeof endpoints;
  } catch {
    throw new Error(`No local stack found (${values.endpoints} is missing or unreadable): start it with \`npm start\` first.`);
  }
  Object.assign(process.env, {
    TABLE_NAME: endpoints.tableName,
    AWS_REGION: endpoints.region,
    DYNAMODB_ENDPOINT: endpoints.dynamodbEndpoint,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // Local mode: subscribers on this machine are allowed (shared/webhooks/url-guard.ts).
    WEBHOOKS_ALLOW_LOOPBACK: 'true',
    POWERTOOLS_SERVICE_NAME: 'crm-webhook-retries',
  });
  const { handler } = await import('#functions/webhooks/retry-webhooks.handler');
  console.log(JSON.stringify(await handler(), null, 2));
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
