import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { CampaignLaunch, StoredCampaignLaunch } from './campaign-launch.schema';
import { publicLaunchOf } from './campaign-launch.entity';
import { campaignAtVersion } from './campaign.rules';
import type { Campaign } from './campaign.schema';

/**
 * Launch a campaign: its audience is materialised as members (one per contact) by a job, after which it is running.
 *
 * Primary course:
 * 1. The campaign is read at the If-Match version; it is a draft or scheduled, never launched, and has an audience.
 * 2. The audience is counted now (all customers, whatever the caller's scope: a launch reaches the whole audience);
 *    it holds at least one contact.
 * 3. One transaction: the campaign marked launched (`launchedAt`, `launchedBy`; version + 1, audited as a
 *    `transition` noted "launch"), and the launch job (`materialising`, the count expected, no checkpoint) — only if
 *    the campaign has none.
 * 4. The job is started (campaign-launch.trigger.ts); the answer is the launch (202), its progress at
 *    `GET /v1/campaigns/{id}/launch`. The job's last step moves the campaign to `running`.
 *
 * Alternates, nothing written in each: missing → 404; stale If-Match → 412; launched already (a second launch, or
 * one racing it) → 409; not a draft or scheduled → 409; no audience, or an audience of no contact now → 409.
 */
export const launchCampaign = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; expectedVersion: number },
): Promise<{ campaign: Campaign; launch: CampaignLaunch }> => {
  const current = await campaignAtVersion(deps, request.campaignId, request.expectedVersion);
  if (current.launchedAt !== undefined) throw new DomainError(ErrorCode.InvalidTransition, `Campaign ${current.id} has been launched already.`);
  if (current.status !== 'draft' && current.status !== 'scheduled') {
    throw new DomainError(ErrorCode.InvalidTransition, `A ${current.status} campaign cannot be launched (only a draft or a scheduled one).`);
  }
  if (!current.audience) throw new DomainError(ErrorCode.InvalidTransition, 'The campaign has no audience: set one before launching it.');
  const expected = await deps.audiences.count(current.audience, {});
  if (expected.contacts === 0) throw new DomainError(ErrorCode.InvalidTransition, 'The audience holds no contact now: there is nobody to launch to.');
  const at = deps.clock.now().toISOString();
  const next: Campaign = { ...current, launchedAt: at, launchedBy: request.caller.username, version: current.version + 1, updatedAt: at, updatedBy: request.caller.username };
  const launch: StoredCampaignLaunch = {
    campaignId: current.id,
    status: 'materialising',
    expected,
    members: 0,
    startedAt: at,
    startedBy: request.caller.username,
    updatedAt: at,
    version: 1,
  };
  await deps.launches.start(current, next, launch, { action: 'transition', note: `launch: ${expected.contacts} contacts of ${expected.customers} customers expected` });
  await deps.launchTrigger.continueLaunch(current.id);
  return { campaign: next, launch: publicLaunchOf(launch) };
};
