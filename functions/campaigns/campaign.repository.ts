import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { changesBetween } from '#shared/audit/audit';
import { auditPut, writeAuditEntry } from '#shared/audit/audit.writes';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { IndexKey } from '#shared/db/index-key';
import { part, refusedParts, withConflictRetry, type TransactionPart } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { idempotencyPut, replayAfterRefusal } from '#shared/idempotency/idempotency.writes';
import { campaignEntity } from './campaign.entity';
import type {
  CampaignChange,
  CampaignListCriteria,
  CampaignRepository,
  CreateCampaignOutcome,
  IdempotencyClaim,
  Page,
  PageKey,
} from './campaign.ports';
import type { Campaign } from './campaign.schema';

/** What each element of a campaign's transaction writes, to explain a refusal by label. */
type CampaignPart = 'campaign' | 'idempotency' | 'audit';

const vanished = (): never => {
  throw new Error('campaign create: the idempotency record refused the write twice and was gone both times');
};

/** Sends the parts as one transaction (conflicts retried); a condition that failed comes back by label. */
const transact = async (client: DynamoDBDocumentClient, sent: TransactionPart<CampaignPart>[]) => {
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
    return undefined;
  } catch (error) {
    const refused = refusedParts(error, sent);
    if (!refused) throw error;
    return { refused, error };
  }
};

type ListIndex = IndexKey<never[]>;

/** The index for the criteria (most selective first) and the filters left for the FilterExpression. */
const chooseIndex = (criteria: CampaignListCriteria): { index: ListIndex; partition: string; filters: Record<string, string> } => {
  const { ownerId, status, type } = criteria;
  const all = { ownerId, status, type };
  const rest = (except: keyof typeof all): Record<string, string> =>
    Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[0] !== except && entry[1] !== undefined));
  const as = (key: IndexKey<never[]> | IndexKey<[string]>) => key as ListIndex;
  if (ownerId) return { index: as(campaignKeys.byOwner), partition: campaignKeys.byOwner.pk(ownerId), filters: rest('ownerId') };
  if (status) return { index: as(campaignKeys.byStatus), partition: campaignKeys.byStatus.pk(status), filters: rest('status') };
  if (type) return { index: as(campaignKeys.byType), partition: campaignKeys.byType.pk(type), filters: rest('type') };
  return { index: as(campaignKeys.byStart), partition: campaignKeys.byStart.pk(), filters: {} };
};

/**
 * The campaign rewritten (conditional on `previous.version`, so the audit entry's diff is exactly what this change
 * did) and its audit entry: the elements of every change's transaction (the launch's too).
 */
export const campaignChangeParts = (tableName: string, previous: Campaign, next: Campaign, change: CampaignChange): TransactionPart<'campaign' | 'audit'>[] => [
  part('campaign', {
    Put: {
      TableName: tableName,
      Item: campaignEntity.toItem(next),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': previous.version },
    },
  }),
  part(
    'audit',
    auditPut(tableName, {
      at: next.updatedAt,
      actor: next.updatedBy,
      action: change.action,
      entityType: 'campaign',
      entityId: next.id,
      entityVersion: next.version,
      changes: changesBetween(previous, next),
      ...(change.note !== undefined ? { note: change.note } : {}),
    }),
  ),
];

export class DynamoDbCampaignRepository implements CampaignRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(campaign: Campaign, idempotency?: IdempotencyClaim): Promise<CreateCampaignOutcome> {
    // A refusal on an idempotency record that expired and was swept before it could be replayed: the record no longer
    // counts, so the create goes ahead once more (as the other creates do).
    return (await this.createOnce(campaign, idempotency)) ?? (await this.createOnce(campaign, idempotency)) ?? vanished();
  }

  private async createOnce(campaign: Campaign, idempotency?: IdempotencyClaim): Promise<CreateCampaignOutcome | undefined> {
    const outcome = await transact(this.client, [
      part('campaign', { Put: { TableName: this.tableName, Item: campaignEntity.toItem(campaign), ConditionExpression: 'attribute_not_exists(pk)' } }),
      ...(idempotency ? [part('idempotency' as const, idempotencyPut(this.tableName, idempotency, campaign))] : []),
      part(
        'audit',
        auditPut(this.tableName, {
          at: campaign.createdAt,
          actor: campaign.createdBy,
          action: 'create',
          entityType: 'campaign',
          entityId: campaign.id,
          entityVersion: campaign.version,
          changes: changesBetween(undefined, campaign),
        }),
      ),
    ]);
    if (!outcome) return { kind: 'created', campaign };
    if (idempotency && outcome.refused.has('idempotency')) {
      const replayed = await replayAfterRefusal<Campaign>(this.client, this.tableName, idempotency);
      return replayed === undefined ? undefined : { kind: 'replayed', campaign: replayed };
    }
    throw outcome.error;
  }

  async get(campaignId: string): Promise<Campaign | undefined> {
    const { Item: item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: campaignKeys.item(campaignId), ConsistentRead: true }));
    return item ? campaignEntity.fromItem(item) : undefined;
  }

  async save(previous: Campaign, next: Campaign, change: CampaignChange): Promise<void> {
    const outcome = await transact(this.client, campaignChangeParts(this.tableName, previous, next, change));
    if (!outcome) return;
    if (outcome.refused.has('campaign')) {
      throw new DomainError(ErrorCode.VersionConflict, `Campaign ${previous.id} has changed since you read it; read it again.`);
    }
    throw outcome.error;
  }

  async claimTestSend(campaignId: string, username: string, minute: string, max: number): Promise<boolean> {
    const expires = Math.floor(Date.parse(`${minute}:00.000Z`) / 1000) + 86_400;
    const write = conditionalUpdate(
      this.tableName,
      campaignKeys.testSends(campaignId, username, minute),
      buildUpdateExpression({ set: { entity: 'CampaignTestSends', ttl: expires }, add: { sent: 1 } }),
      { ConditionExpression: 'attribute_not_exists(#tsent) OR #tsent < :tmax', names: { '#tsent': 'sent' }, values: { ':tmax': max } },
    );
    try {
      await this.client.send(new UpdateCommand(write.Update));
      return true;
    } catch (error) {
      if ((error as Error | undefined)?.name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async recordTestSend(campaign: Campaign, actor: string, at: string): Promise<void> {
    // No change shares it: one conditional Put after the mail went (shared/audit/audit.writes.ts, writeAuditEntry).
    await writeAuditEntry(this.client, this.tableName, {
      at, actor, action: 'send', entityType: 'campaign', entityId: campaign.id, entityVersion: campaign.version, changes: [], note: 'test mail to the sender',
    });
  }

  async list(criteria: CampaignListCriteria, page: { limit: number; startKey?: PageKey }): Promise<Page<Campaign>> {
    const { index, partition, filters } = chooseIndex(criteria);
    const names: Record<string, string> = { '#pk': index.pkAttribute };
    const values: Record<string, unknown> = { ':pk': partition };
    const clauses = Object.entries(filters).map(([field, value]) => {
      names[`#f_${field}`] = field;
      values[`:f_${field}`] = value;
      return `#f_${field} = :f_${field}`;
    });
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index.index,
        KeyConditionExpression: '#pk = :pk',
        ...(clauses.length > 0 ? { FilterExpression: clauses.join(' AND ') } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        Limit: page.limit,
        ...(page.startKey ? { ExclusiveStartKey: page.startKey } : {}),
      }),
    );
    return {
      items: (result.Items ?? []).map(campaignEntity.fromItem),
      ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey as PageKey } : {}),
    };
  }
}
