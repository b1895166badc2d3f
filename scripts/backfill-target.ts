/**
 * The one argument parser and runner of the backfill scripts (`npm run backfill:*`): the table is the local stack
 * that `npm start` serves (`.local/endpoints.json`), or a deployed one with `-- --table <name> --region <region>`
 * (AWS credentials from the environment); `-- --owner <username>` where the backfill takes one owner's customers.
 * The run's figures are printed as JSON; a failure prints its message and exits 1.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

export interface BackfillTarget {
  readonly tableName: string;
  readonly region: string;
  readonly endpoint?: string;
}

/** The table named on the command line, else the local stack's; `owner` only when the backfill takes one. */
export const backfillTargetOf = async (args: readonly string[], options: { owner: boolean }): Promise<{ target: BackfillTarget; ownerId?: string }> => {
  const { values } = parseArgs({
    args: [...args],
    options: {
      table: { type: 'string' },
      region: { type: 'string' },
      endpoints: { type: 'string', default: join(ROOT, '.local', 'endpoints.json') },
      ...(options.owner ? { owner: { type: 'string' as const } } : {}),
    },
    strict: true,
  });
  const ownerId = typeof values.owner === 'string' ? values.owner : undefined;
  if (values.table) {
    return { target: { tableName: values.table, region: values.region ?? process.env['AWS_REGION'] ?? 'us-east-1' }, ...(ownerId ? { ownerId } : {}) };
  }
  let endpoints: { tableName: string; region: string; dynamodbEndpoint: string };
  try {
    endpoints = JSON.parse(await readFile(String(values.endpoints), 'utf8')) as typeof endpoints;
  } catch {
    throw new Error(`No local stack found (${String(values.endpoints)} is missing): start it with \`npm start\`, or pass --table.`);
  }
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  return { target: { tableName: endpoints.tableName, region: endpoints.region, endpoint: endpoints.dynamodbEndpoint }, ...(ownerId ? { ownerId } : {}) };
};

/** Parses the arguments, runs the backfill against the target's table and prints its figures. */
export const runBackfillScript = (
  options: { owner: boolean },
  backfill: (client: DynamoDBDocumentClient, tableName: string, ownerId: string | undefined) => Promise<unknown>,
): void => {
  const main = async (): Promise<void> => {
    process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
    const { target, ownerId } = await backfillTargetOf(process.argv.slice(2), options);
    const { createDocumentClient } = await import('#shared/db/client');
    const client = createDocumentClient({ region: target.region, endpoint: target.endpoint });
    try {
      console.log(JSON.stringify(await backfill(client, target.tableName, ownerId), null, 2));
    } finally {
      client.destroy();
    }
  };
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
};
