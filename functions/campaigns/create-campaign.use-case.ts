import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import type { CreateCampaignOutcome } from './campaign.ports';
import { resolveCampaignOwner } from './campaign.rules';
import { COMPANY_CURRENCY, type Campaign, type CreateCampaignInput } from './campaign.schema';

/**
 * Plan a marketing campaign (营销计划 / 市场活动): name, type, goal, budget, dates and the staff member in charge.
 *
 * Primary course:
 * 1. The owner is an enabled user whose role may manage campaigns; their name is copied for lists.
 * 2. The campaign starts `draft`, with no cost recorded yet (0 in the company's currency).
 * 3. One transaction writes the campaign, its audit entry and the idempotency record when a key was sent.
 *
 * Alternates: an owner who may not manage campaigns → InvalidOwner (400), nothing written; a budget in another
 * currency or `endsAt` not after `startsAt` → 400 (the schema); the same Idempotency-Key and body replays the first
 * answer, another body → 422.
 */
export const createCampaign = async (
  deps: CampaignDependencies,
  request: { caller: Caller; input: CreateCampaignInput; idempotency?: IdempotencyRequest | undefined },
): Promise<CreateCampaignOutcome> => {
  const { caller, input } = request;
  const owner = await resolveCampaignOwner(deps.directory, input.ownerId);
  const now = deps.clock.now();
  const at = now.toISOString();
  const campaign: Campaign = {
    id: deps.ids.next(),
    name: input.name,
    type: input.type,
    ...(input.goal !== undefined ? { goal: input.goal } : {}),
    budget: input.budget,
    actualCost: { amount: 0, currency: COMPANY_CURRENCY },
    startsAt: input.startsAt,
    endsAt: input.endsAt,
    ...owner,
    status: 'draft',
    ...(input.audience !== undefined ? { audience: input.audience } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  return deps.campaigns.create(campaign, claimOf(request.idempotency, now));
};
