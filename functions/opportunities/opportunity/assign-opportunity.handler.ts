import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { assignOpportunity } from './assign-opportunity.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { assignOpportunityBody, opportunityIdParams, type AssignOpportunityInput } from './opportunity.schema';

export const assignOpportunityHandler = middy<ApiEvent<AssignOpportunityInput, unknown, { opportunityId: string }>, HttpResult>()
  .use(authorize('assignOpportunity'))
  .use(jsonBody())
  .use(validate({ params: opportunityIdParams, body: assignOpportunityBody }))
  .handler(async (event) => {
    const opportunity = await assignOpportunity(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(opportunity, { version: opportunity.version });
  });
