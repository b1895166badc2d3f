import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { CampaignResponse } from './campaign-response.schema';
import type { Page, PageKey } from './campaign.ports';
import { campaignNotFound } from './campaign.rules';

/**
 * List a campaign's responses, newest first, one page per call.
 *
 * Primary course: the campaign exists; one Query of its responses — its own item collection backwards, or for an
 * account manager (scope `own` of `campaigns:audience`) their own customers' only (gsi3, one partition per campaign
 * and owner: the customer's owner when the response was recorded).
 *
 * Alternates: no such campaign → 404; none recorded → an empty page.
 */
export const listCampaignResponses = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<Page<CampaignResponse>> => {
  const campaign = await deps.campaigns.get(request.campaignId);
  if (!campaign) throw campaignNotFound(request.campaignId);
  const scope = request.caller.scope === 'own' ? { ownerId: request.caller.username } : {};
  return deps.responses.list(campaign.id, scope, request.page);
};
