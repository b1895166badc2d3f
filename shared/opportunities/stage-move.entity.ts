import { defineEntity, fieldsOf } from '#shared/db/entity';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import type { Opportunity, StageMove } from './opportunity.model';

/**
 * One stage move of an opportunity (`pk = OPPORTUNITY#<id>`, `sk = HISTORY#STAGE#<at>#<version>`): written by the
 * transaction that moves the stage (create, edit, win, lose), never changed. docs/data-model.md, "Opportunities".
 */
export const stageMoveEntity = defineEntity<StageMove>({
  name: 'OpportunityStageMove',
  fields: fieldsOf<StageMove>()('opportunityId', 'from', 'to', 'probability', 'at', 'by', 'version'),
  keyOf: (move) => opportunityKeys.stageMove(move.opportunityId, move.at, move.version),
});

/** The stage move a write from `before` to `after` records, or undefined when the stage stays. */
export const stageMoveOf = (before: Opportunity | undefined, after: Opportunity, actor: { username: string; at: string }): StageMove | undefined =>
  after.stage === undefined || before?.stage === after.stage
    ? undefined
    : {
        opportunityId: after.id,
        ...(before?.stage === undefined ? {} : { from: before.stage }),
        to: after.stage,
        ...(after.probability === undefined ? {} : { probability: after.probability }),
        at: actor.at,
        by: actor.username,
        version: after.version,
      };
