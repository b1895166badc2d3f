import type { Caller, CampaignDependencies } from './campaign.dependencies';
import { campaignNotFound } from './campaign.rules';
import type { Campaign } from './campaign.schema';

/**
 * Read one campaign. Every role that may read campaigns reads every campaign (they are company plans, not a
 * customer's records).
 *
 * Alternate: no such campaign → CampaignNotFound (404).
 */
export const getCampaign = async (deps: CampaignDependencies, request: { caller: Caller; campaignId: string }): Promise<Campaign> => {
  const campaign = await deps.campaigns.get(request.campaignId);
  if (!campaign) throw campaignNotFound(request.campaignId);
  return campaign;
};
