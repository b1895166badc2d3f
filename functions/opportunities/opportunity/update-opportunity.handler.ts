import { customValues } from '#shared/custom-fields/custom-values.middleware';
import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { opportunityIdParams, updateOpportunityBody, type UpdateOpportunityInput } from './opportunity.schema';
import { updateOpportunity } from './update-opportunity.use-case';

export const updateOpportunityHandler = middy<ApiEvent<UpdateOpportunityInput, unknown, { opportunityId: string }>, HttpResult>()
  .use(authorize('updateOpportunity'))
  .use(jsonBody())
  .use(validate({ params: opportunityIdParams, body: updateOpportunityBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>).
  .use(customValues('opportunity', 'update'))
  // … and the stage an active code of the opportunity-stages list (closing stages are refused by the use case).
  .use(dictionaryCodes({ source: 'customer-sources', stage: 'opportunity-stages' }))
  .handler(async (event) => {
    const opportunity = await updateOpportunity(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(opportunity, { version: opportunity.version });
  });
