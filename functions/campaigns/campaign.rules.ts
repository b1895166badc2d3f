import { PERMISSIONS, type Scope } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CampaignDependencies } from './campaign.dependencies';
import type { Campaign, CampaignStatus } from './campaign.schema';

/** Rules shared by several campaign use cases. */

export const campaignNotFound = (campaignId: string): DomainError =>
  new DomainError(ErrorCode.CampaignNotFound, `Campaign ${campaignId} does not exist.`);

/**
 * THE life cycle: which states a status move may go to from each state. `completed` and `cancelled` are final;
 * nothing moves back out of `running` but to an end.
 */
export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['scheduled', 'running', 'cancelled'],
  scheduled: ['draft', 'running', 'cancelled'],
  running: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const FINAL_STATUSES: readonly CampaignStatus[] = ['completed', 'cancelled'];

/** Roles a campaign may be owned by: those that may manage campaigns (derived from the permission table). */
export const rolesThatMayOwnCampaigns = (): Role[] =>
  (Object.entries(PERMISSIONS['campaigns:manage']) as [Role, Scope][])
    .filter(([, scope]) => scope !== 'none')
    .map(([role]) => role);

/** An owner must be an enabled staff member whose role may manage campaigns; their display name is copied. */
export const resolveCampaignOwner = async (directory: UserDirectory, username: string): Promise<{ ownerId: string; ownerName: string }> => {
  const user = await directory.findUser(username);
  const mayOwn = rolesThatMayOwnCampaigns();
  if (!user || !user.enabled || !user.roles.some((role) => mayOwn.includes(role))) {
    throw new DomainError(ErrorCode.InvalidOwner, 'The owner must be an enabled staff member who may manage campaigns.', {
      errors: [{ path: 'body.ownerId', message: `No enabled user ${username} with a role that may manage campaigns.` }],
    });
  }
  return { ownerId: user.username, ownerName: user.name };
};

/**
 * The campaign a change applies to, refused in this order: not there → 404; `If-Match` stale → 412. The write that
 * follows is conditional on the version read here, so a concurrent change makes it 412 too.
 */
export const campaignAtVersion = async (deps: CampaignDependencies, campaignId: string, expectedVersion: number): Promise<Campaign> => {
  const campaign = await deps.campaigns.get(campaignId);
  if (!campaign) throw campaignNotFound(campaignId);
  if (campaign.version !== expectedVersion) {
    throw new DomainError(
      ErrorCode.VersionConflict,
      `Campaign ${campaignId} has changed since you read it (now version ${campaign.version}); read it again.`,
    );
  }
  return campaign;
};

export const finalState = (campaign: Campaign, what: string): DomainError =>
  new DomainError(ErrorCode.InvalidTransition, `A ${campaign.status} campaign cannot be ${what}; it is final.`);

/** Launched, its job still materialising the members: the campaign waits for it (it moves to running at its end). */
export const launching = (campaign: Campaign): boolean => campaign.launchedAt !== undefined && (campaign.status === 'draft' || campaign.status === 'scheduled');

export const launchingRefusal = (campaign: Campaign): DomainError =>
  new DomainError(ErrorCode.InvalidTransition, `Campaign ${campaign.id} is being launched; it is running once its members are written.`);
