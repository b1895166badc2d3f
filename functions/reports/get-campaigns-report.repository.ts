import { BatchGetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { effectCountsOf } from '#shared/campaigns/campaign-effect.entity';
import { campaignKeys } from '#shared/campaigns/campaign.keys';
import type { Item } from '#shared/db/item';
import { campaignLaunchEntity } from '#functions/campaigns/campaign-launch.entity';
import { campaignEntity } from '#functions/campaigns/campaign.entity';
import type { CampaignEffectStore } from './get-campaigns-report.ports';

/** BatchGetItem takes 100 keys: 50 campaigns' launch and effect items. */
const CAMPAIGNS_PER_BATCH = 50;
const BATCH_ATTEMPTS = 4;

/** The campaigns report's reads on DynamoDB (docs/data-model.md, "Campaign tracking and effect"). */
export class DynamoDbCampaignEffectStore implements CampaignEffectStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async effects(year: string) {
    const { byStart } = campaignKeys;
    const campaigns: Item[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: byStart.index,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
          ExpressionAttributeNames: { '#pk': byStart.pkAttribute, '#sk': byStart.skAttribute },
          ExpressionAttributeValues: { ':pk': byStart.pk(), ':from': `${year}-01-01T00:00:00.000Z`, ':to': `${year}-12-31T23:59:59.999Z#~` },
          ScanIndexForward: false,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      campaigns.push(...((page.Items ?? []) as Item[]));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const related = new Map<string, Item>();
    for (let from = 0; from < campaigns.length; from += CAMPAIGNS_PER_BATCH) {
      let pending: Record<string, string>[] = campaigns.slice(from, from + CAMPAIGNS_PER_BATCH).flatMap((item) => {
        const id = String(item['id']);
        return [campaignKeys.launch(id), campaignKeys.effect(id)];
      });
      for (let attempt = 1; pending.length > 0; attempt += 1) {
        if (attempt > BATCH_ATTEMPTS) throw new Error('campaigns report: batch read left keys unprocessed');
        const answer = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
        for (const item of (answer.Responses?.[this.tableName] ?? []) as Item[]) related.set(`${String(item['pk'])}|${String(item['sk'])}`, item);
        pending = (answer.UnprocessedKeys?.[this.tableName]?.Keys ?? []) as Record<string, string>[];
      }
    }
    return campaigns.map((item) => {
      const campaign = campaignEntity.fromItem(item);
      const launch = related.get(`${campaignKeys.launch(campaign.id).pk}|LAUNCH`);
      const effect = related.get(`${campaignKeys.effect(campaign.id).pk}|EFFECT`);
      return { campaign, ...(launch ? { launch: campaignLaunchEntity.fromItem(launch) } : {}), counts: effectCountsOf(effect) };
    });
  }
}
