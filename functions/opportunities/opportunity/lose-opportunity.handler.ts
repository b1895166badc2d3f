import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { loseOpportunity } from './lose-opportunity.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { loseOpportunityBody, opportunityIdParams, type LoseOpportunityInput } from './opportunity.schema';

export const loseOpportunityHandler = middy<ApiEvent<LoseOpportunityInput, unknown, { opportunityId: string }>, HttpResult>()
  .use(authorize('loseOpportunity'))
  .use(jsonBody())
  .use(validate({ params: opportunityIdParams, body: loseOpportunityBody }))
  .handler(async (event) => {
    const opportunity = await loseOpportunity(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(opportunity, { version: opportunity.version });
  });
