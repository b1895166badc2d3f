import { customValues } from '#shared/custom-fields/custom-values.middleware';
import middy from '@middy/core';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createOpportunity } from './create-opportunity.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { createOpportunityBody, type CreateOpportunityInput } from './opportunity.schema';

export const createOpportunityHandler = middy<ApiEvent<CreateOpportunityInput>, HttpResult>()
  .use(authorize('createOpportunity'))
  .use(jsonBody())
  .use(validate({ body: createOpportunityBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>).
  .use(customValues('opportunity', 'create'))
  // The source must be an active code of the customer-sources list (400 naming body.source otherwise).
  // … and the stage an active code of the opportunity-stages list (closing stages are refused by the use case).
  .use(dictionaryCodes({ source: 'customer-sources', stage: 'opportunity-stages' }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createOpportunity(opportunityDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const opportunity = outcome.value;
    return created(opportunity, {
      location: `/v1/opportunities/${opportunity.id}`,
      version: opportunity.version,
      replayed: outcome.kind === 'replayed',
    });
  });
