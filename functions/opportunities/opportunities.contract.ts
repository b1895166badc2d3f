import { allowDuplicateQuery } from '#shared/duplicates/allow-duplicate.schema';
import type { FeatureContracts } from '#shared/http/contract';
import {
  assignOpportunityBody,
  createOpportunityBody,
  createPlanStepBody,
  listOpportunitiesQuery,
  listPlanStepsQuery,
  loseOpportunityBody,
  opportunityIdParams,
  opportunityListSchema,
  opportunitySchema,
  planStepListSchema,
  planStepParams,
  planStepSchema,
  stageHistoryQuery,
  stageHistorySchema,
  updateOpportunityBody,
  updatePlanStepBody,
  winOpportunityBody,
} from '#functions/opportunities/opportunity/opportunity.schema';

const opportunity = { description: 'The opportunity', schema: opportunitySchema, name: 'Opportunity' };
const planStep = { description: 'The plan step', schema: planStepSchema, name: 'PlanStep' };

/** The contracts of the routes the opportunities function serves (see shared/http/contract.ts). */
export const opportunitiesContracts = {
  listOpportunities: {
    query: listOpportunitiesQuery,
    responses: { 200: { description: 'A page of opportunities, newest first', schema: opportunityListSchema, name: 'OpportunityList' } },
  },
  createOpportunity: {
    body: createOpportunityBody,
    bodyName: 'CreateOpportunityRequest',
    responses: { 201: { ...opportunity, description: 'The opportunity recorded' } },
  },
  getOpportunity: { params: opportunityIdParams, responses: { 200: opportunity } },
  updateOpportunity: {
    params: opportunityIdParams,
    body: updateOpportunityBody,
    bodyName: 'UpdateOpportunityRequest',
    responses: { 200: { ...opportunity, description: 'The opportunity as updated' } },
  },
  assignOpportunity: {
    params: opportunityIdParams,
    body: assignOpportunityBody,
    bodyName: 'AssignOpportunityRequest',
    responses: { 200: { ...opportunity, description: 'The opportunity as assigned' } },
  },
  listPlanSteps: {
    params: opportunityIdParams,
    query: listPlanStepsQuery,
    responses: { 200: { description: 'A page of plan steps', schema: planStepListSchema, name: 'PlanStepList' } },
  },
  createPlanStep: {
    params: opportunityIdParams,
    body: createPlanStepBody,
    bodyName: 'CreatePlanStepRequest',
    responses: { 201: { ...planStep, description: 'The plan step added' } },
  },
  updatePlanStep: {
    params: planStepParams,
    body: updatePlanStepBody,
    bodyName: 'UpdatePlanStepRequest',
    responses: { 200: { ...planStep, description: 'The plan step as updated' } },
  },
  winOpportunity: {
    params: opportunityIdParams,
    query: allowDuplicateQuery,
    body: winOpportunityBody,
    // optionalJsonBody(): no body at all wins with the defaults.
    optionalBody: true,
    bodyName: 'WinOpportunityRequest',
    idempotencyKey: true,
    responses: { 200: { ...opportunity, description: 'The opportunity, won (or, for a replayed Idempotency-Key, the first answer)' } },
    // 409 possible-duplicate: the customer it would create matches others, as a customer create (docs/api.md).
    problems: [409],
  },
  getOpportunityStageHistory: {
    params: opportunityIdParams,
    query: stageHistoryQuery,
    responses: { 200: { description: 'A page of stage moves, oldest first', schema: stageHistorySchema, name: 'StageHistory' } },
  },
  loseOpportunity: {
    params: opportunityIdParams,
    body: loseOpportunityBody,
    bodyName: 'LoseOpportunityRequest',
    responses: { 200: { ...opportunity, description: 'The opportunity, lost' } },
  },
} satisfies FeatureContracts<'opportunities'>;
