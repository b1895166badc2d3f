import { defineEntity, fieldsOf } from '#shared/db/entity';
import { opportunityKeys } from '#shared/keys/opportunity.keys';
import type { StageMove } from './opportunity.schema';

/**
 * One stage move of an opportunity (`pk = OPPORTUNITY#<id>`, `sk = HISTORY#STAGE#<at>#<version>`): written by the
 * transaction that moves the stage (create, edit, win, lose), never changed. docs/data-model.md, "Opportunities".
 */
export const stageMoveEntity = defineEntity<StageMove>({
  name: 'OpportunityStageMove',
  fields: fieldsOf<StageMove>()('opportunityId', 'from', 'to', 'probability', 'at', 'by', 'version'),
  keyOf: (move) => opportunityKeys.stageMove(move.opportunityId, move.at, move.version),
});
