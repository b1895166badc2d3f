import { DomainError, ErrorCode } from '#shared/core/errors';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { Opportunity } from '#shared/opportunities/opportunity.model';
import { defaultProbabilityOf, initialStageOf, openStageOf } from '#shared/opportunities/stages';
import type { Caller, CampaignDependencies } from './campaign.dependencies';
import { responseChangeOf } from './campaign-member.rules';
import { RESPONDABLE_STATUSES } from './campaign-response.rules';
import type { CampaignResponse, RecordCampaignResponseInput } from './campaign-response.schema';
import { campaignNotFound } from './campaign.rules';

/** A stale read is judged again this many times (racing responses of one member move it once, the rest see it moved). */
const RECORD_ATTEMPTS = 5;

const invalid = (path: string, message: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, 'Some input is not valid; see errors.', { errors: [{ path, message }] });

/**
 * Record a customer's response to a campaign (issue 19, part 4): a call, a visit at the event, an answer by e-mail.
 *
 * Primary course:
 * 1. One consistent read of the campaign, the customer, the contact and the contact's member of the campaign.
 * 2. The campaign is scheduled, running or completed; the customer exists (and for an account manager — scope
 *    `own` of `campaigns:respond` — is theirs); the contact, when named, is the customer's.
 * 3. ONE transaction (campaign-response.repository.ts): the response; the member, when the contact is one, moved
 *    forward to `responded` — or `converted` when the response creates an opportunity — each milestone once; the
 *    effect counters (`responses` +1, `leads` +1 with an opportunity, `responded` / `converted` +1 for a member's
 *    first); the opportunity (source `campaign`, the campaign's id, `unassigned` in the stage given or the first
 *    open one, for the customer) with everything its create writes (shared/opportunities); the idempotency record;
 *    the audit entries of the response and the opportunity.
 *
 * Alternates: no campaign → 404; a draft or cancelled campaign → InvalidTransition (409); no such customer, an
 * archived one or another owner's for an account manager → CustomerNotFound (404); a contact not of that customer →
 * 400 naming `body.contactId`; `respondedAt` in the future or a closing / unknown stage → 400; a customer whose
 * contact is no member (not in the audience, or no contact named) — the response is recorded and counted in
 * `responses` (and `leads`), no member moves. The same Idempotency-Key and body replays the first answer. A member
 * moved by a racing response between the read and the write: read again and judged again (nothing is lost: every
 * response and its opportunity are written, the member moves once and is counted once).
 */
export const recordCampaignResponse = async (
  deps: CampaignDependencies,
  request: { caller: Caller; campaignId: string; input: RecordCampaignResponseInput; idempotency?: IdempotencyRequest | undefined },
): Promise<{ kind: 'created' | 'replayed'; value: CampaignResponse }> => {
  const { caller, campaignId, input } = request;
  const now = deps.clock.now();
  const at = now.toISOString();
  const respondedAt = input.respondedAt ?? at;
  if (respondedAt > at) throw invalid('body.respondedAt', 'A response cannot happen in the future.');
  const stages = input.createOpportunity ? await deps.stages.stages() : [];
  const stage = input.createOpportunity
    ? input.createOpportunity.stage === undefined
      ? initialStageOf(stages)
      : openStageOf(stages, input.createOpportunity.stage)
    : undefined;
  const responseId = deps.ids.next();
  const opportunityId = input.createOpportunity ? deps.ids.next() : undefined;
  const claim = claimOf(request.idempotency, now);
  for (let attempt = 1; ; attempt += 1) {
    const context = await deps.responses.context(campaignId, input.customerId, input.contactId);
    if (!context.campaign) throw campaignNotFound(campaignId);
    if (!(RESPONDABLE_STATUSES as readonly string[]).includes(context.campaign.status)) {
      throw new DomainError(ErrorCode.InvalidTransition, `Campaign ${campaignId} is ${context.campaign.status}: responses are recorded once it is scheduled, running or completed.`);
    }
    const customer = context.customer;
    if (!customer || (caller.scope === 'own' && customer.ownerId !== caller.username)) {
      throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${input.customerId} does not exist.`);
    }
    if (input.contactId !== undefined && !context.contactFound) throw invalid('body.contactId', `No contact ${input.contactId} of customer ${input.customerId}.`);
    const converted = opportunityId !== undefined;
    const memberChange = context.member ? responseChangeOf(context.member, converted, at) : undefined;
    const memberStatus = memberChange?.status ?? context.member?.status;
    const response: CampaignResponse = {
      id: responseId,
      campaignId,
      customerId: customer.id,
      customerName: customer.name,
      ownerId: customer.ownerId,
      ...(input.contactId !== undefined ? { contactId: input.contactId } : {}),
      channel: input.channel,
      outcome: input.outcome,
      ...(input.note !== undefined ? { note: input.note } : {}),
      respondedAt,
      ...(opportunityId !== undefined ? { opportunityId, opportunityAmount: input.createOpportunity!.amount } : {}),
      ...(memberStatus !== undefined ? { memberStatus } : {}),
      createdAt: at,
      createdBy: caller.username,
    };
    const opportunity: Opportunity | undefined =
      opportunityId !== undefined && stage && input.createOpportunity
        ? {
            id: opportunityId,
            prospectName: customer.name,
            customerId: customer.id,
            summary: input.createOpportunity.name,
            successRate: defaultProbabilityOf(stage),
            stage: stage.code,
            probability: defaultProbabilityOf(stage),
            source: 'campaign',
            campaignId,
            estimatedAmount: input.createOpportunity.amount,
            expectedCloseDate: input.createOpportunity.expectedCloseDate,
            status: 'unassigned',
            version: 1,
            createdAt: at,
            createdBy: caller.username,
            updatedAt: at,
            updatedBy: caller.username,
          }
        : undefined;
    const outcome = await deps.responses.record({ response, opportunity, memberChange, idempotency: claim });
    if (outcome.kind !== 'stale') return outcome;
    if (attempt >= RECORD_ATTEMPTS) throw new DomainError(ErrorCode.ConcurrentChange, 'The campaign, customer or member changed meanwhile; try again.');
  }
};
