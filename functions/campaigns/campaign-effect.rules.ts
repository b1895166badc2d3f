import type { CampaignEffect } from './campaign-effect.schema';
import type { CampaignEffectRead } from './campaign.ports';
import type { Campaign } from './campaign.schema';

/**
 * A campaign's effect from what one read gives (the campaign, its launch job, its effect counters): the figures of
 * `GET /v1/campaigns/{id}/effect` and of each row of `GET /v1/reports/campaigns`. No AWS import here.
 * `audience` is the launch's members, `sent` / `skipped` / `failed` the job's send tally, the rest the counters; the
 * cost is the actual cost once one is recorded (not 0), else the budget.
 */
export const campaignEffectOf = (read: CampaignEffectRead & { campaign: Campaign }, asOf: string): CampaignEffect => {
  const { campaign, launch, counts } = read;
  const actual = campaign.actualCost.amount > 0;
  return {
    campaignId: campaign.id,
    name: campaign.name,
    status: campaign.status,
    audience: launch?.members ?? 0,
    sent: launch?.sent ?? 0,
    skipped: launch?.skipped ?? 0,
    failed: launch?.failed ?? 0,
    delivered: counts.delivered,
    bounced: counts.bounced,
    complained: counts.complained,
    clicked: counts.clicked,
    clicks: counts.clicks,
    unsubscribed: counts.unsubscribed,
    cost: actual ? campaign.actualCost : campaign.budget,
    costBasis: actual ? 'actual' : 'budget',
    asOf,
  };
};
