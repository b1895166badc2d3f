import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import type { Page, PageKey } from './campaign.ports';

/**
 * One page of a campaign's members or responses: for a caller limited to their own customers, the owner's entries on
 * gsi3 (`byOwner`); for the others, the campaign's collection under the sort-key `prefix`.
 */
export const queryCampaignCollectionPage = async <T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  collection: {
    readonly campaignId: string;
    readonly ownerId?: string | undefined;
    readonly byOwner: typeof campaignKeys.membersByOwner | typeof campaignKeys.responsesByOwner;
    readonly prefix: string;
    readonly newestFirst?: boolean;
    readonly fromItem: (item: Record<string, unknown>) => T;
  },
  page: { limit: number; startKey?: PageKey | undefined },
): Promise<Page<T>> => {
  const { byOwner, campaignId, ownerId } = collection;
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      ...(ownerId !== undefined
        ? {
            IndexName: byOwner.index,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': byOwner.pkAttribute },
            ExpressionAttributeValues: { ':pk': byOwner.pk(campaignId, ownerId) },
          }
        : {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': campaignKeys.collection(campaignId), ':prefix': collection.prefix },
          }),
      ...(collection.newestFirst ? { ScanIndexForward: false } : {}),
      Limit: page.limit,
      ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
    }),
  );
  return {
    items: (result.Items ?? []).map((item) => collection.fromItem(item)),
    ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
  };
};
