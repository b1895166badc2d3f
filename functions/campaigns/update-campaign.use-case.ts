import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import { campaignAtVersion, FINAL_STATUSES, finalState, launching, launchingRefusal, resolveCampaignOwner } from './campaign.rules';
import type { Campaign, UpdateCampaignInput } from './campaign.schema';

/**
 * Edit a campaign's plan (name, type, goal, budget, dates, owner) and record its actual cost (实际费用).
 *
 * Primary course: the campaign is read; the changes are merged into it (`goal: null` removes the goal); a new owner
 * is resolved (an enabled user who may manage campaigns); one conditional Put on the version read writes it with
 * its audit entry (old → new values), the version going up by one.
 *
 * The audience (a saved customer filter) is replaced whole, `audience: null` removes it: only while the campaign is
 * a draft or scheduled (409 otherwise: a launched campaign's members are fixed). While its launch job runs, no edit
 * (409): the job's last step moves the campaign on at the version it launched. The e-mail template (subject, HTML,
 * text; checked by the schema) likewise, `email: null` removes it; only an e-mail campaign has one (400).
 *
 * Alternates: missing → 404; stale If-Match → 412; a completed or cancelled campaign → InvalidTransition (409; the
 * actual cost of a completed campaign may still be recorded, a late invoice); `endsAt` not after `startsAt` once merged
 * → 400 naming `body.endsAt`; an owner who may not manage campaigns → 400; nothing written in each case.
 */
export const updateCampaign = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; changes: UpdateCampaignInput; expectedVersion: number },
): Promise<Campaign> => {
  const { caller, changes } = request;
  const current = await campaignAtVersion(deps, request.campaignId, request.expectedVersion);
  if (launching(current)) throw launchingRefusal(current);
  const costOnly = Object.keys(changes).every((field) => field === 'actualCost');
  if (current.status === 'cancelled' || (FINAL_STATUSES.includes(current.status) && !costOnly)) throw finalState(current, 'edited');
  if (changes.audience !== undefined && current.status !== 'draft' && current.status !== 'scheduled') {
    throw new DomainError(ErrorCode.InvalidTransition, `A ${current.status} campaign's audience is fixed (set it while draft or scheduled).`);
  }
  if (changes.email !== undefined && (current.launchedAt !== undefined || (current.status !== 'draft' && current.status !== 'scheduled'))) {
    throw new DomainError(ErrorCode.InvalidTransition, `A ${current.launchedAt !== undefined ? 'launched' : current.status} campaign's e-mail is fixed (set it while draft or scheduled).`);
  }
  const { goal, ownerId, audience, email, ...rest } = changes;
  const type = changes.type ?? current.type;
  if (type !== 'email' && (email ?? (email === null ? undefined : current.email)) !== undefined) {
    throw new DomainError(ErrorCode.ValidationFailed, 'Only an e-mail campaign (`type: email`) has an e-mail template.', {
      errors: [{ path: changes.type !== undefined ? 'body.type' : 'body.email', message: 'Remove the e-mail template (`email: null`) or keep the type `email`.' }],
    });
  }
  const startsAt = changes.startsAt ?? current.startsAt;
  const endsAt = changes.endsAt ?? current.endsAt;
  if (startsAt >= endsAt) {
    throw new DomainError(ErrorCode.ValidationFailed, '`endsAt` must be after `startsAt`.', {
      errors: [{ path: changes.endsAt !== undefined ? 'body.endsAt' : 'body.startsAt', message: `The campaign would end (${endsAt}) before it starts (${startsAt}).` }],
    });
  }
  const owner = ownerId !== undefined && ownerId !== current.ownerId ? await resolveCampaignOwner(deps.directory, ownerId) : {};
  const at = deps.clock.now().toISOString();
  const { goal: _previousGoal, audience: _previousAudience, email: _previousEmail, ...bare } = current;
  const next: Campaign = {
    ...bare,
    ...(goal !== null && current.goal !== undefined ? { goal: current.goal } : {}),
    ...(audience !== null && current.audience !== undefined ? { audience: current.audience } : {}),
    ...(email !== null && current.email !== undefined ? { email: current.email } : {}),
    ...rest,
    ...(typeof goal === 'string' ? { goal } : {}),
    ...(audience ? { audience } : {}),
    ...(email ? { email } : {}),
    ...owner,
    version: current.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.campaigns.save(current, next, { action: 'update' });
  return next;
};
