import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the opportunities function: one handler module per row of the route table, imported on the
 * route's first request (shared/routes.ts).
 */
export const handler = createFeatureHandler('opportunities', {
  listOpportunities: async () => (await import('#functions/opportunities/opportunity/list-opportunities.handler')).listOpportunitiesHandler,
  createOpportunity: async () => (await import('#functions/opportunities/opportunity/create-opportunity.handler')).createOpportunityHandler,
  getOpportunity: async () => (await import('#functions/opportunities/opportunity/get-opportunity.handler')).getOpportunityHandler,
  updateOpportunity: async () => (await import('#functions/opportunities/opportunity/update-opportunity.handler')).updateOpportunityHandler,
  assignOpportunity: async () => (await import('#functions/opportunities/opportunity/assign-opportunity.handler')).assignOpportunityHandler,
  listPlanSteps: async () => (await import('#functions/opportunities/plan-steps/list-plan-steps.handler')).listPlanStepsHandler,
  createPlanStep: async () => (await import('#functions/opportunities/plan-steps/create-plan-step.handler')).createPlanStepHandler,
  updatePlanStep: async () => (await import('#functions/opportunities/plan-steps/update-plan-step.handler')).updatePlanStepHandler,
  winOpportunity: async () => (await import('#functions/opportunities/opportunity/win-opportunity.handler')).winOpportunityHandler,
  getOpportunityStageHistory: async () => (await import('#functions/opportunities/opportunity/get-opportunity-stage-history.handler')).getOpportunityStageHistoryHandler,
  loseOpportunity: async () => (await import('#functions/opportunities/opportunity/lose-opportunity.handler')).loseOpportunityHandler,
});
