/**
 * `npm run job:quotes`: runs the daily quote expiry — the very handler module Lambda runs — once, against the local
 * stack that `npm start` is serving (it reads `.local/endpoints.json`). Prints the run's summary as JSON; exits 1 if
 * the run failed (as the scheduler would retry it).
 *
 *   npm run job:quotes
 *   npm run job:quotes -- --endpoints path/to/endpoints.json
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
    POWERTOOLS_SERVICE_NAME: 'crm-quote-expiry',
  });
  const { handler } = await import('#functions/jobs/quote-expiry.handler');
  console.log(JSON.stringify(await handler(), null, 2));
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
