import { mergeCustomValues } from '#shared/custom-fields/custom-values';
import type { Opportunity, UpdateOpportunityInput } from './opportunity.schema';
import { OPEN_STATUSES } from './opportunity.schema';
import { actorOf, type Caller, type OpportunityDependencies } from '#functions/opportunities/opportunity.dependencies';
import { ensureGuard } from './opportunity.rules';
import { openStageOf, stageChangesOf } from './stages';
import { amountOwnedByLines, linesOf } from './opportunity-lines';

/**
 * Edit an opportunity's fields (managers only).
 *
 * Primary course: one conditional write applies the changes when the opportunity exists, is still open
 * (unassigned or assigned) and has the version the caller read (If-Match); the version goes up by one, and the
 * audit entry (old → new values; the repository reads the opportunity for them) is written with it.
 * When the estimated amount changes, the opportunity is read first and the pipeline figures of its status move
 * by the difference in the same transaction. A stage move (`stage`: an open stage of the opportunity-stages list)
 * takes the new stage's default probability unless `probability` is given, and records the move (from, to, at,
 * by) in the stage history in the same transaction; `probability` alone overrides the weight in the stage.
 *
 * Custom-field values (`custom`, checked by the handler against the current definitions) are a merge patch: the
 * opportunity is read first and the patch merged into its stored values (shared/custom-fields/custom-values.ts).
 *
 * Product `lines` replace the stored ones and the estimated amount becomes their sum (computed, exact to the fen);
 * `lines: null` removes them, the amount staying as it was, editable again.
 *
 * Alternates: missing → 404; won or lost → InvalidTransition (409, final); another version → 412; a closing
 * stage (won, lost) → 400 naming `body.stage`; an unknown or inactive product, a discount above its line → 400
 * naming the line's field; an estimated amount for an opportunity with lines → 400 (`body.estimatedAmount`).
 */
export const updateOpportunity = async (
  deps: OpportunityDependencies,
  request: { caller: Caller; opportunityId: string; changes: UpdateOpportunityInput; expectedVersion: number },
): Promise<Opportunity> => {
  const { opportunityId, changes } = request;
  const actor = actorOf(request.caller, deps.clock.now());
  const guard = { expectedVersion: request.expectedVersion, statuses: OPEN_STATUSES };
  const { stage, probability, lines: lineInput, ...rest } = changes;
  const staged = stage !== undefined || probability !== undefined;
  if (!staged && lineInput === undefined && changes.estimatedAmount === undefined && changes.custom === undefined) {
    return deps.opportunities.update(opportunityId, changes, guard, actor);
  }
  const [current, stages, products] = await Promise.all([
    deps.opportunities.get(opportunityId),
    staged ? deps.stages.stages() : Promise.resolve([]),
    lineInput ? deps.opportunities.findProducts(lineInput.map((line) => line.productId)) : Promise.resolve(new Map()),
  ]);
  // Bad input first (400), whatever the version: a closing stage is never an edit; lines are priced from their products.
  if (stage !== undefined) openStageOf(stages, stage);
  const priced = lineInput ? linesOf(lineInput, products) : undefined;
  ensureGuard(opportunityId, current, guard);
  if (changes.estimatedAmount !== undefined && lineInput === undefined && current.lines !== undefined) throw amountOwnedByLines();
  const merged = {
    ...rest,
    ...(priced ?? {}),
    ...(lineInput === null ? { lines: null } : {}),
    ...(changes.custom === undefined ? {} : { custom: mergeCustomValues(current.custom, changes.custom) }),
    ...(staged ? stageChangesOf(stages, current, { stage, probability }) : {}),
  };
  return deps.opportunities.updateTracked(current, merged, guard, actor);
};
