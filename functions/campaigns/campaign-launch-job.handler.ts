import { logger } from '#shared/core/logger';
import { CAMPAIGN_LAUNCH_LIMITS, campaignDependencies } from './campaign.container';
import { runCampaignLaunchStep } from './run-campaign-launch-step.use-case';

/**
 * A launch job's step: the campaigns function invoked by itself (campaign-launch.trigger.ts) with
 * `{ campaignLaunch: <id> }`. A failing step throws, so Lambda retries it (from the checkpoint). Logs carry the
 * campaign id and the counts only (never a contact).
 */
export const handler = async (event: { readonly campaignLaunch: string }): Promise<{ campaignId: string; status: string | undefined }> => {
  try {
    const launch = await runCampaignLaunchStep(campaignDependencies(), event.campaignLaunch, CAMPAIGN_LAUNCH_LIMITS);
    logger.info('campaign launch step', { campaignId: event.campaignLaunch, status: launch?.status, members: launch?.members });
    return { campaignId: event.campaignLaunch, status: launch?.status };
  } catch (error) {
    logger.error('campaign launch step failed', { campaignId: event.campaignLaunch, errorName: (error as Error | undefined)?.name });
    throw error;
  }
};
