import type { CampaignEffect } from './campaign-effect.schema';
import type { CampaignEffectRead } from './campaign.ports';
import type { Campaign } from './campaign.schema';

/**
 * A campaign's effect from what one read gives (the campaign, its launch job, its effect counters): the figures of
 * `GET /v1/campaigns/{id}/effect` and of each row of `GET /v1/reports/campaigns`. No AWS import here.
 * `audience` is the launch's members, `sent` / `skipped` / `failed` the job's send tally, the rest the counters; the
 * cost is the actual cost once one is recorded (not 0), else the budget; cost per lead is cost / leads (null without
 * a lead).
 */
export const campaignEffectOf = (read: CampaignEffectRead & { campaign: Campaign }, asOf: string): CampaignEffect => {
  const { campaign, launch, counts } = read;
  const actual = campaign.actualCost.amount > 0;
  const cost = actual ? campaign.actualCost : campaign.budget;
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
    responses: counts.responses,
    responded: counts.responded,
    converted: counts.converted,
    leads: counts.leads,
    cost,
    costBasis: actual ? 'actual' : 'budget',
    costPerLead: counts.leads > 0 ? Math.round(cost.amount / counts.leads) : null,
    asOf,
  };
};
