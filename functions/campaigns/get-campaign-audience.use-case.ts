import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { Audience, AudienceCount, AudienceEntry } from './campaign-audience.schema';
import type { PageKey } from './campaign.ports';
import { campaignNotFound } from './campaign.rules';

/** A campaign without a saved audience reaches nobody yet (an empty preview, 0 counted). */
const NOBODY = { count: { customers: 0, contacts: 0 }, items: [] };

/**
 * Preview a campaign's audience: how many it holds now, and a page of its contacts with their customer.
 *
 * Primary course: the campaign is read; its audience is applied to the customers as they are now (the customer
 * list's query planner: one Query of the most selective index, no Scan) — on the first page (no cursor) counted
 * whole (customers, contacts), and one page of contacts read from the cursor.
 *
 * Rule: an account manager previews only their own customers' contacts (scope `own` of `campaigns:audience`);
 * the count is theirs too.
 *
 * Alternates: no such campaign → 404; no audience saved → an empty page with a 0 count.
 */
export const getCampaignAudience = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; limit: number; startKeyFor: (audience: Audience | undefined) => PageKey | undefined },
): Promise<{ count?: AudienceCount; items: AudienceEntry[]; lastKey?: PageKey }> => {
  const campaign = await deps.campaigns.get(request.campaignId);
  if (!campaign) throw campaignNotFound(request.campaignId);
  const startKey = request.startKeyFor(campaign.audience);
  const { audience } = campaign;
  if (!audience) return NOBODY;
  const scope = request.caller.scope === 'own' ? { ownerId: request.caller.username } : {};
  const [count, page] = await Promise.all([
    startKey === undefined ? deps.audiences.count(audience, scope) : Promise.resolve(undefined),
    deps.audiences.page(audience, scope, { limit: request.limit, startKey }),
  ]);
  return { ...(count ? { count } : {}), items: page.items, ...(page.lastKey ? { lastKey: page.lastKey } : {}) };
};
