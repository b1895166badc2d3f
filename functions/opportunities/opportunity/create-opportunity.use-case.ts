import { createdValues } from '#shared/custom-fields/custom-values';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Outcome } from './opportunity.ports';
import { defaultProbabilityOf, initialStageOf, openStageOf } from './stages';
import { linesOf } from './opportunity-lines';
import type { CreateOpportunityInput, Opportunity } from './opportunity.schema';
import { actorOf, claimOf, type Caller, type IdempotencyRequest, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';

/**
 * Record a sales opportunity (managers only — the route's capability says so).
 *
 * Primary course: the opportunity is created `unassigned` with the caller as its author, in the stage given (an
 * open stage of the opportunity-stages list) or the list's first open stage, with the probability given or the
 * stage's default, and the success rate given or that probability; it, its share of the pipeline figures, its first stage-history entry and the idempotency record
 * are written in one transaction.
 *
 * Alternates: for an existing customer (`customerId`), the customer must exist and not be archived — checked on
 * the read that takes its name and again in the transaction — else 400 naming `body.customerId`. The same
 * Idempotency-Key with the same request replays the first answer; with another request → 422. A closing stage
 * (won, lost) → 400 naming `body.stage`. With product `lines`, the estimated amount is their sum, computed here
 * (never taken from the client: lines and estimatedAmount together → 400); a product that does not exist or is
 * inactive, or a discount above its line → 400 naming the line's field.
 */
export const createOpportunity = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; input: CreateOpportunityInput; idempotency?: IdempotencyRequest },
): Promise<Outcome<Opportunity>> => {
  const { caller, input } = request;
  const { prospectName, customerId, custom: customInput, stage: stageInput, probability, successRate, lines: lineInput, ...fields } = input;
  const [stages, products] = await Promise.all([
    deps.stages.stages(),
    lineInput ? deps.opportunities.findProducts(lineInput.map((line) => line.productId)) : Promise.resolve(new Map()),
  ]);
  const priced = lineInput ? linesOf(lineInput, products) : undefined;
  const stage = stageInput === undefined ? initialStageOf(stages) : openStageOf(stages, stageInput);
  // Checked against the current definitions by the handler (customValues, shared/custom-fields/); nulls = not set.
  const custom = createdValues(customInput);
  let name = prospectName;
  if (customerId !== undefined) {
    const customer = await deps.opportunities.findCustomer(customerId);
    if (!customer) {
      throw new DomainError(ErrorCode.ValidationFailed, 'The customer does not exist.', {
        errors: [{ path: 'body.customerId', message: `No customer ${customerId}.` }],
      });
    }
    name = customer.name;
  }
  const now = deps.clock.now();
  const actor = actorOf(caller, now);
  const weight = probability ?? defaultProbabilityOf(stage);
  const opportunity: Opportunity = {
    ...fields,
    ...(custom ? { custom } : {}),
    id: deps.ids.next(),
    prospectName: name ?? '',
    successRate: successRate ?? weight,
    stage: stage.code,
    probability: weight,
    ...(priced ?? {}),
    ...(customerId !== undefined ? { customerId } : {}),
    status: 'unassigned',
    version: 1,
    createdAt: actor.at,
    createdBy: actor.username,
    updatedAt: actor.at,
    updatedBy: actor.username,
  };
  return deps.opportunities.create(opportunity, claimOf(request.idempotency, now));
};
