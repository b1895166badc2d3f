import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { CampaignMember } from './campaign-launch.schema';
import type { Page, PageKey } from './campaign.ports';
import { campaignNotFound } from './campaign.rules';

/**
 * List a campaign's members (materialised at launch), by contact id, one page per call.
 *
 * Primary course: the campaign exists; one Query of its members — its own item collection, or for an account
 * manager (scope `own` of `campaigns:audience`) the members of their own customers only (gsi3, one partition per
 * campaign and owner).
 *
 * Alternates: no such campaign → 404; not launched yet → an empty page.
 */
export const listCampaignMembers = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; page: { limit: number; startKey?: PageKey | undefined } },
): Promise<Page<CampaignMember>> => {
  const campaign = await deps.campaigns.get(request.campaignId);
  if (!campaign) throw campaignNotFound(request.campaignId);
  const scope = request.caller.scope === 'own' ? { ownerId: request.caller.username } : {};
  return deps.launches.listMembers(campaign.id, scope, request.page);
};
