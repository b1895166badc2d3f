import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CampaignDependencies } from './campaign.dependencies';
import type { CampaignEffect } from './campaign-effect.schema';
import { campaignEffectOf } from './campaign-effect.rules';

/**
 * Read a campaign's effect (issue 19, part 5): its audience, the send's tally and what the members did since.
 *
 * Primary course: ONE read of the campaign, its launch job and its effect counters (a BatchGetItem of three items,
 * whatever the audience size); the counters were kept by the writes they count (campaign-tracking.repository.ts),
 * the send tally by the launch job (campaign-effect.rules.ts puts them together).
 *
 * Alternates: no such campaign → CampaignNotFound (404); a campaign not launched yet → every figure 0.
 */
export const getCampaignEffect = async (deps: CampaignDependencies, request: { campaignId: string }): Promise<CampaignEffect> => {
  const read = await deps.tracking.effect(request.campaignId);
  if (!read.campaign) throw new DomainError(ErrorCode.CampaignNotFound, `Campaign ${request.campaignId} does not exist.`);
  return campaignEffectOf({ ...read, campaign: read.campaign }, deps.clock.now().toISOString());
};
