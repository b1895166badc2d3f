import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createPlanStep } from './create-plan-step.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { createPlanStepBody, opportunityIdParams, type CreatePlanStepInput } from '#functions/opportunities/opportunity/opportunity.schema';

export const createPlanStepHandler = middy<ApiEvent<CreatePlanStepInput, unknown, { opportunityId: string }>, HttpResult>()
  .use(authorize('createPlanStep'))
  .use(jsonBody())
  .use(validate({ params: opportunityIdParams, body: createPlanStepBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createPlanStep(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const step = outcome.value;
    return created(step, {
      location: `/v1/opportunities/${step.opportunityId}/plan-steps/${step.id}`,
      version: step.version,
      replayed: outcome.kind === 'replayed',
    });
  });
