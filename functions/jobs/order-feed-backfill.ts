import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { orderFeedAttributesOf } from '#functions/orders/order/order-summary.entity';
import type { Item } from '#shared/db/item';
import { isConditionalCheckFailed } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { orderKeys } from '#shared/keys/orders.keys';

export interface OrderFeedBackfillRun {
  /** Order summaries read from the orders-by-date index. */
  readonly orders: number;
  /** Summaries given their feed attributes (a re-run finds them in step and writes nothing). */
  readonly updated: number;
  /** Summaries that changed under the backfill and were read again. */
  readonly retried: number;
}

/** Reads of a summary that keeps changing under the backfill before it gives up (the next run picks it up). */
const ATTEMPTS = 3;

/**
 * Sets the orders delta feed's index attributes (gsi11 `ORDER`, `<updatedAt>#<id>`: order-summary.entity.ts) on
 * order summaries written before the feed existed, so `GET /v1/orders?updatedSince=` sees them. No Scan: the
 * summaries come from the all-orders-by-date index (`gsi4pk = ORDER`), a Query per page of 200; a summary in step is
 * not written, any other gets one UpdateItem held to the version read (a status move or payment in between sets
 * the attributes itself and refuses this write; the summary is read again). Safe while the API writes,
 * re-runnable. Cost: one Query per 200 orders and one write per summary out of step.
 */
export const backfillOrderFeed = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: { pageSize?: number; parallel?: number } = {},
): Promise<OrderFeedBackfillRun> => {
  const run = { orders: 0, updated: 0, retried: 0 };

  const backfillSummary = async (first: Item): Promise<void> => {
    run.orders += 1;
    const key = { pk: String(first.pk), sk: String(first.sk) };
    let item: Item | undefined = first;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      if (!item) return;
      const wanted = orderFeedAttributesOf({ id: String(item.id), updatedAt: String(item.updatedAt) });
      const missing = Object.fromEntries(Object.entries(wanted).filter(([attribute, value]) => item?.[attribute] !== value));
      if (Object.keys(missing).length === 0) return;
      const update = conditionalUpdate(tableName, key, buildUpdateExpression({ set: missing }), {
        ConditionExpression: 'attribute_exists(#pk) AND #version = :version',
        names: { '#pk': 'pk', '#version': 'version' },
        values: { ':version': item.version },
      });
      try {
        await client.send(new UpdateCommand(update.Update));
        run.updated += 1;
        return;
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      run.retried += 1;
      item = (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    }
    throw new Error(`order ${String(first.id)} kept changing; run the backfill again`);
  };

  const index = orderKeys.byDate;
  const parallel = options.parallel ?? 8;
  let startKey: Item | undefined;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': index.pk() },
        Limit: options.pageSize ?? 200,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = page.Items ?? [];
    for (let at = 0; at < items.length; at += parallel) await Promise.all(items.slice(at, at + parallel).map(backfillSummary));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return run;
};
