import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Item } from '#shared/db/item';
import { customerKeys } from '#shared/keys/customer.keys';

/** What a back-fill walks: one owner's customers, or everyone's; the page size and the customers visited at once. */
export interface CustomerWalkOptions {
  readonly pageSize?: number;
  readonly parallel?: number;
  readonly ownerId?: string | undefined;
}

/**
 * Visits the live customers of the back-fills, with no Scan: one owner's list index (`gsi1pk = OWNER#…`) or the
 * all-customers one (`gsi2pk = CUSTOMER`; archived customers are on neither), a Query per page, `parallel` customers
 * of a page visited at a time. Cost: one Query per page plus what `visit` does.
 */
export const walkCustomers = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  options: CustomerWalkOptions,
  visit: (item: Item) => Promise<void>,
): Promise<void> => {
  const index = options.ownerId === undefined ? customerKeys.byName : customerKeys.byOwner;
  const partition = options.ownerId === undefined ? customerKeys.byName.pk() : customerKeys.byOwner.pk(options.ownerId);
  const parallel = options.parallel ?? 8;
  let startKey: Item | undefined;
  do {
    const page: QueryCommandOutput = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.pkAttribute },
        ExpressionAttributeValues: { ':pk': partition },
        Limit: options.pageSize ?? 200,
        ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      }),
    );
    const items = page.Items ?? [];
    for (let at = 0; at < items.length; at += parallel) await Promise.all(items.slice(at, at + parallel).map(visit));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
};
