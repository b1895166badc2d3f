import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import { CAMPAIGN_TRANSITIONS, campaignAtVersion, launching, launchingRefusal } from './campaign.rules';
import type { Campaign, SetCampaignStatusInput } from './campaign.schema';

/**
 * Move a campaign along its life cycle (campaign.rules.ts, CAMPAIGN_TRANSITIONS): draft → scheduled → running →
 * completed, back from scheduled to draft, cancelled from any state before an end.
 *
 * Primary course: the campaign is read; the move is one the table allows from its state; one conditional Put on the
 * version read writes the new state (`statusChangedAt`, the reason) with its audit entry (`transition`, the reason
 * as its note).
 *
 * A campaign with an audience becomes `running` only by its launch (409 here); while its launch job runs, no move.
 *
 * Alternates: missing → 404; stale If-Match → 412; a move the table does not allow (a second completion, anything
 * out of a final state) → InvalidTransition (409); a cancellation without a reason → 400 naming `body.reason`;
 * nothing written in each case.
 */
export const setCampaignStatus = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; input: SetCampaignStatusInput; expectedVersion: number },
): Promise<Campaign> => {
  const { caller, input } = request;
  if (input.status === 'cancelled' && input.reason === undefined) {
    throw new DomainError(ErrorCode.ValidationFailed, 'A cancellation needs a reason.', {
      errors: [{ path: 'body.reason', message: 'Say why the campaign is cancelled.' }],
    });
  }
  const current = await campaignAtVersion(deps, request.campaignId, request.expectedVersion);
  if (launching(current)) throw launchingRefusal(current);
  if (input.status === 'running' && current.audience !== undefined) {
    throw new DomainError(ErrorCode.InvalidTransition, 'A campaign with an audience runs by its launch (POST …/launch), which materialises its members.');
  }
  const allowed = CAMPAIGN_TRANSITIONS[current.status];
  if (!allowed.includes(input.status)) {
    throw new DomainError(
      ErrorCode.InvalidTransition,
      allowed.length === 0
        ? `A ${current.status} campaign is final; it cannot become ${input.status}.`
        : `A ${current.status} campaign can become ${allowed.join(', ')}; not ${input.status}.`,
    );
  }
  const at = deps.clock.now().toISOString();
  const { statusReason: _previousReason, ...rest } = current;
  const next: Campaign = {
    ...rest,
    status: input.status,
    statusChangedAt: at,
    ...(input.reason !== undefined ? { statusReason: input.reason } : {}),
    version: current.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.campaigns.save(current, next, { action: 'transition', note: input.reason });
  return next;
};
