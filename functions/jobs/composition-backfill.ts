import { BatchWriteCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { bucketOf, COMPOSITION_FIELDS } from '#shared/reports/composition.writes';
import { customerKeys } from '#shared/keys/customer.keys';
import { compositionCountEntity } from '#shared/reports/composition-count.entity';

export interface BackfillRun {
  readonly customers: number;
  readonly written: number;
  readonly removed: number;
  readonly queries: number;
}

/**
 * Recomputes the composition counts (docs/data-model.md, "Reports") from the customer items and overwrites them.
 * Reads every non-archived customer through the all-customers index (`gsi2pk = CUSTOMER`, paged; archived
 * customers are not in it), counts per dimension, value and shard, then PUTs each count item with the exact figure
 * and deletes count items that no customer backs any more. Re-runnable: a second run writes the same figures.
 * Run it when nothing writes customers (a write during the run may be counted or not; the next run fixes it).
 */
export const backfillComposition = async (client: DynamoDBDocumentClient, tableName: string, pageSize = 500): Promise<BackfillRun> => {
  const counts = new Map<string, { dimension: string; value: string; shard: number; count: number }>();
  const { byName } = customerKeys;
  let customers = 0;
  let queries = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: byName.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': byName.pkAttribute, '#id': 'id', '#deletedAt': 'deletedAt', ...Object.fromEntries(COMPOSITION_FIELDS.map((f) => [`#${f}`, f])) },
        ExpressionAttributeValues: { ':pk': byName.pk() },
        ProjectionExpression: ['#id', '#deletedAt', ...COMPOSITION_FIELDS.map((f) => `#${f}`)].join(', '),
        Limit: pageSize,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    queries += 1;
    for (const customer of page.Items ?? []) {
      if (customer.deletedAt !== undefined) continue;
      customers += 1;
      const shard = compositionCountEntity.shardOf(String(customer.id));
      for (const dimension of COMPOSITION_FIELDS) {
        const value = bucketOf(customer[dimension]);
        const { sk } = compositionCountEntity.keyOf({ dimension, value, shard });
        const entry = counts.get(sk) ?? { dimension, value, shard, count: 0 };
        entry.count += 1;
        counts.set(sk, entry);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  const stale: string[] = [];
  startKey = undefined;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk' },
        ExpressionAttributeValues: { ':pk': compositionCountEntity.partition },
        ProjectionExpression: '#sk',
        ConsistentRead: true,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    queries += 1;
    for (const item of page.Items ?? []) if (!counts.has(String(item.sk))) stale.push(String(item.sk));
    startKey = page.LastEvaluatedKey;
  } while (startKey);

  const requests = [
    ...[...counts.values()].map((entry) => ({
      PutRequest: {
        Item: {
          ...compositionCountEntity.keyOf(entry),
          entity: compositionCountEntity.name,
          dimension: entry.dimension,
          value: entry.value,
          count: entry.count,
        },
      },
    })),
    ...stale.map((sk) => ({ DeleteRequest: { Key: { pk: compositionCountEntity.partition, sk } } })),
  ];
  for (let start = 0; start < requests.length; start += 25) {
    let pending: typeof requests | undefined = requests.slice(start, start + 25);
    for (let attempt = 0; pending && pending.length > 0; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** attempt)));
      const result = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = result.UnprocessedItems?.[tableName] as typeof requests | undefined;
      if (attempt > 8 && pending && pending.length > 0) throw new Error('composition back-fill: writes left unprocessed');
    }
  }
  return { customers, written: counts.size, removed: stale.length, queries };
};
