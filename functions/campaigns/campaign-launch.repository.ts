import { BatchWriteCommand, GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isConditionalCheckFailed, part, transactParts } from '#shared/db/transactions';
import { buildUpdateExpression, fieldUpdatesOf } from '#shared/db/update-expression';
import { campaignLaunchEntity, campaignMemberEntity } from './campaign-launch.entity';
import type { CampaignMember, StoredCampaignLaunch } from './campaign-launch.schema';
import type { CampaignChange, CampaignLaunchRepository, LaunchAdvance, Page, PageKey } from './campaign.ports';
import type { Campaign } from './campaign.schema';
import { campaignChangeParts } from './campaign.repository';
import { queryCampaignCollectionPage } from './campaign-collection.reads';

/** BatchWriteItem takes 25 items; what it leaves unprocessed is sent again (a few times, then it is a fault). */
const BATCH = 25;
const BATCH_ATTEMPTS = 5;

const launchedAlready = (campaignId: string): DomainError =>
  new DomainError(ErrorCode.InvalidTransition, `Campaign ${campaignId} has been launched already.`);

/** The launch job and the members on DynamoDB (docs/data-model.md, "Campaign launch and members"). */
export class DynamoDbCampaignLaunchRepository implements CampaignLaunchRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async start(previous: Campaign, next: Campaign, launch: StoredCampaignLaunch, change: CampaignChange): Promise<void> {
    const refused = await transactParts(this.client, [
      ...campaignChangeParts(this.tableName, previous, next, change),
      part('launch', { Put: { TableName: this.tableName, Item: campaignLaunchEntity.toItem(launch), ConditionExpression: 'attribute_not_exists(pk)' } }),
    ]);
    if (!refused) return;
    if (refused.has('launch')) throw launchedAlready(previous.id);
    if (refused.has('campaign')) throw new DomainError(ErrorCode.VersionConflict, `Campaign ${previous.id} has changed since you read it; read it again.`);
    throw new Error('campaign launch: the transaction was refused on an unconditional element');
  }

  async get(campaignId: string): Promise<StoredCampaignLaunch | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: campaignKeys.launch(campaignId), ConsistentRead: true }));
    return Item ? campaignLaunchEntity.fromItem(Item) : undefined;
  }

  async putMembers(members: readonly CampaignMember[]): Promise<void> {
    for (let from = 0; from < members.length; from += BATCH) {
      let pending = members.slice(from, from + BATCH).map((member) => ({ PutRequest: { Item: campaignMemberEntity.toItem(member) } }));
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > BATCH_ATTEMPTS) throw new DomainError(ErrorCode.ServiceBusy, 'The table is busy; the launch goes on from its checkpoint.', { retryAfterSeconds: 1 });
        const answer = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
        pending = (answer.UnprocessedItems?.[this.tableName] ?? []) as typeof pending;
        if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  async advance(launch: StoredCampaignLaunch, change: LaunchAdvance): Promise<StoredCampaignLaunch> {
    const { set, remove } = fieldUpdatesOf({ ...change });
    const expression = buildUpdateExpression({ set, remove, increment: { version: 1 } });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: campaignKeys.launch(launch.campaignId),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: '#cv = :cv',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#cv': 'version' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':cv': launch.version },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) throw new DomainError(ErrorCode.VersionConflict, `The launch of ${launch.campaignId} moved on meanwhile (another run of its job).`);
      throw error;
    }
    const next: Record<string, unknown> = { ...launch, ...set, version: launch.version + 1 };
    for (const field of remove) delete next[field];
    return next as StoredCampaignLaunch;
  }

  async countMembers(campaignId: string): Promise<number> {
    let count = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': campaignKeys.collection(campaignId), ':prefix': campaignKeys.memberPrefix },
          Select: 'COUNT',
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      count += result.Count ?? 0;
      startKey = result.LastEvaluatedKey;
    } while (startKey);
    return count;
  }

  async complete(previous: Campaign, next: Campaign, launch: StoredCampaignLaunch, change: CampaignChange, done: LaunchAdvance): Promise<void> {
    const { set, remove } = fieldUpdatesOf({ ...done });
    const expression = buildUpdateExpression({ set, remove, increment: { version: 1 } });
    const refused = await transactParts(this.client, [
      ...campaignChangeParts(this.tableName, previous, next, change),
      part('launch', {
        Update: {
          TableName: this.tableName,
          Key: campaignKeys.launch(launch.campaignId),
          UpdateExpression: expression.UpdateExpression,
          ConditionExpression: '#cv = :cv',
          ExpressionAttributeNames: { ...expression.ExpressionAttributeNames, '#cv': 'version' },
          ExpressionAttributeValues: { ...expression.ExpressionAttributeValues, ':cv': launch.version },
        },
      }),
    ]);
    if (!refused) return;
    throw new DomainError(ErrorCode.VersionConflict, `The launch of ${launch.campaignId} moved on meanwhile (another run of its job).`);
  }

  async listMembers(campaignId: string, scope: { ownerId?: string | undefined }, page: { limit: number; startKey?: PageKey | undefined }): Promise<Page<CampaignMember>> {
    const members = { campaignId, ownerId: scope.ownerId, byOwner: campaignKeys.membersByOwner, prefix: campaignKeys.memberPrefix };
    return queryCampaignCollectionPage(this.client, this.tableName, { ...members, fromItem: (item) => campaignMemberEntity.fromItem(item) }, page);
  }
}
