import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getOpportunity } from './get-opportunity.use-case';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { opportunityIdParams } from './opportunity.schema';

export const getOpportunityHandler = middy<ApiEvent<unknown, unknown, { opportunityId: string }>, HttpResult>()
  .use(authorize('getOpportunity'))
  .use(validate({ params: opportunityIdParams }))
  .handler(async (event) => {
    const opportunity = await getOpportunity(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
    });
    return ok(opportunity, { version: opportunity.version });
  });
