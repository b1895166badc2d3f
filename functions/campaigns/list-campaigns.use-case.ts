import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { CampaignListCriteria, Page, PageKey } from './campaign.ports';
import type { Campaign } from './campaign.schema';

/**
 * List campaigns, one page per call, newest start first.
 *
 * Primary course: the filters pick one index (owner, else status, else type, else all by start); the other filters
 * are conditions on that one Query (a page may hold fewer than `limit` then; the cursor goes on).
 */
export const listCampaigns = async (
  deps: CampaignDependencies,
  request: { caller: Caller; filters: CampaignListCriteria; page: { limit: number; startKey?: PageKey } },
): Promise<Page<Campaign>> => deps.campaigns.list(request.filters, request.page);
