import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';
import { assignOpportunityHandler } from './assign-opportunity.handler';
import { createOpportunityHandler } from './create-opportunity.handler';
import { createPlanStepHandler } from './create-plan-step.handler';
import { getOpportunityHandler } from './get-opportunity.handler';
import { listOpportunitiesHandler } from './list-opportunities.handler';
import { listPlanStepsHandler } from './list-plan-steps.handler';
import { loseOpportunityHandler } from './lose-opportunity.handler';
import { updateOpportunityHandler } from './update-opportunity.handler';
import { updatePlanStepHandler } from './update-plan-step.handler';
import { winOpportunityHandler } from './win-opportunity.handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/** Lambda entry of the opportunities function: one handler per row of the route table (shared/routes.ts). */
export const handler = createFeatureHandler('opportunities', {
  listOpportunities: listOpportunitiesHandler,
  createOpportunity: createOpportunityHandler,
  getOpportunity: getOpportunityHandler,
  updateOpportunity: updateOpportunityHandler,
  assignOpportunity: assignOpportunityHandler,
  listPlanSteps: listPlanStepsHandler,
  createPlanStep: createPlanStepHandler,
  updatePlanStep: updatePlanStepHandler,
  winOpportunity: winOpportunityHandler,
  loseOpportunity: loseOpportunityHandler,
});
