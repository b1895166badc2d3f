import type { Clock } from '#shared/core/clock';
import type { CampaignEffectRead } from '#functions/campaigns/campaign.ports';
import type { Campaign } from '#functions/campaigns/campaign.schema';

/** What the campaigns report reads (get-campaigns-report.repository.ts). */
export interface CampaignEffectStore {
  /**
   * The campaigns starting in `year` (UTC), newest start first, each with its launch job and effect counters: one
   * Query of the campaigns' start index (paged only past 1 MB) + one BatchGetItem per 50 campaigns — never a read of
   * members, whatever the audiences' sizes.
   */
  effects(year: string): Promise<(CampaignEffectRead & { campaign: Campaign })[]>;
}

export interface CampaignsReportDependencies {
  readonly effects: CampaignEffectStore;
  readonly clock: Clock;
}
