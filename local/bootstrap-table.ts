import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION, createTableInput } from '#shared/db/table-definition';

export interface TableBootstrapResult {
  readonly created: boolean;
  /** Indexes added to a table kept from an earlier run whose definition had fewer of them. */
  readonly addedIndexes: readonly string[];
  readonly ttl: 'enabled' | 'unsupported';
}

const describe = async (client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> => {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
};

/** A new index is CREATING (backfilling) for a moment, and cannot be queried until it is ACTIVE. */
const waitUntilIndexActive = async (client: DynamoDBClient, tableName: string, indexName: string): Promise<void> => {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const table = await describe(client, tableName);
    const status = table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === indexName)?.IndexStatus;
    if (status === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`index ${indexName} of ${tableName} is still ${status} after 30 s`);
    await sleep(100);
  }
};

/**
 * A table kept on disk (`npm start -- --persist`) may predate indexes added to TABLE_DEFINITION since. Add the
 * missing ones, one UpdateTable call each as DynamoDB requires, so queries on them work without wiping the data.
 */
const addMissingIndexes = async (client: DynamoDBClient, table: TableDescription): Promise<string[]> => {
  const wanted = createTableInput(table.TableName!);
  const present = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const missing = wanted.GlobalSecondaryIndexes.filter((index) => !present.has(index.IndexName));
  for (const index of missing) {
    const attributes = new Set<string>(index.KeySchema.map((key) => key.AttributeName));
    await client.send(
      new UpdateTableCommand({
        TableName: wanted.TableName,
        AttributeDefinitions: wanted.AttributeDefinitions.filter((definition) => attributes.has(definition.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await waitUntilIndexActive(client, wanted.TableName, index.IndexName);
  }
  return missing.map((index) => index.IndexName);
};

/**
 * TTL is part of the table definition in AWS. DynamoDB Local accepts and reports the setting (it does not
 * delete expired items); an emulator that rejects the call is reported as `unsupported`, not as a failure.
 */
const enableTimeToLive = async (client: DynamoDBClient, tableName: string): Promise<TableBootstrapResult['ttl']> => {
  try {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED') return 'enabled';
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_DEFINITION.timeToLiveAttribute, Enabled: true },
      }),
    );
    return 'enabled';
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'UnknownOperationException' || name === 'ValidationException') return 'unsupported';
    throw error;
  }
};

/** Creates the table from the shared definition unless it exists. Safe to call on every start. */
export const ensureTable = async (client: DynamoDBClient, tableName: string): Promise<TableBootstrapResult> => {
  const existing = await describe(client, tableName);
  let created = false;
  let addedIndexes: string[] = [];
  if (existing) {
    addedIndexes = await addMissingIndexes(client, existing);
  } else {
    try {
      await client.send(new CreateTableCommand(createTableInput(tableName)));
      created = true;
    } catch (error) {
      // Another process created it between our DescribeTable and CreateTable: the outcome we wanted.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  }
  return { created, addedIndexes, ttl: await enableTimeToLive(client, tableName) };
};
