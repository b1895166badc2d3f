import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { CampaignLaunch } from './campaign-launch.schema';
import { publicLaunchOf } from './campaign-launch.entity';

/**
 * Read a campaign's launch: the job's status (`materialising`, `completed`), the audience counted at launch, the
 * members written so far (the exact count once completed).
 *
 * Alternate: the campaign was never launched (or does not exist) → CampaignNotFound (404).
 */
export const getCampaignLaunch = async (deps: CampaignDependencies, request: { caller: Caller; campaignId: string }): Promise<CampaignLaunch> => {
  const launch = await deps.launches.get(request.campaignId);
  if (!launch) throw new DomainError(ErrorCode.CampaignNotFound, `Campaign ${request.campaignId} has not been launched (or does not exist).`);
  return publicLaunchOf(launch);
};
