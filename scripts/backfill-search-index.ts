/**
 * `npm run backfill:search`: writes the search-index terms of every customer and contact written before the index
 * existed (functions/jobs/search-index-backfill.ts: no Scan, one transaction per record held to its version, safe
 * while the API writes, re-runnable), against the local stack that `npm start` serves
 * (`.local/endpoints.json`), or a deployed table with `-- --table <name> --region <region>` (AWS credentials from
 * the environment). `-- --owner <username>` limits it to one owner's customers.
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
      table: { type: 'string' },
      region: { type: 'string' },
      owner: { type: 'string' },
      endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') },
    },
    strict: true,
  });
  let target: { tableName: string; region: string; endpoint?: string };
  if (values.table) {
    target = { tableName: values.table, region: values.region ?? process.env['AWS_REGION'] ?? 'us-east-1' };
  } else {
    let endpoints: { tableName: string; region: string; dynamodbEndpoint: string };
    try {
      endpoints = JSON.parse(await readFile(values.endpoints!, 'utf8')) as typeof endpoints;
    } catch {
      throw new Error(`No local stack found (${values.endpoints} is missing): start it with \`npm start\`, or pass --table.`);
    }
    process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
    process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
    target = { tableName: endpoints.tableName, region: endpoints.region, endpoint: endpoints.dynamodbEndpoint };
  }
  const { createDocumentClient } = await import('#shared/db/client');
  const { backfillSearchIndex } = await import('#functions/jobs/search-index-backfill');
  const client = createDocumentClient({ region: target.region, endpoint: target.endpoint });
  const run = await backfillSearchIndex(client, target.tableName, { ownerId: values.owner });
  client.destroy();
  console.log(JSON.stringify(run, null, 2));
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
