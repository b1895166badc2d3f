import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { planStepParams, updatePlanStepBody, type UpdatePlanStepInput } from '#functions/opportunities/opportunity/opportunity.schema';
import { updatePlanStep } from './update-plan-step.use-case';

export const updatePlanStepHandler = middy<ApiEvent<UpdatePlanStepInput, unknown, { opportunityId: string; stepId: string }>, HttpResult>()
  .use(authorize('updatePlanStep'))
  .use(jsonBody())
  .use(validate({ params: planStepParams, body: updatePlanStepBody }))
  .handler(async (event) => {
    const step = await updatePlanStep(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      stepId: event.crm.params.stepId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(step, { version: step.version });
  });
