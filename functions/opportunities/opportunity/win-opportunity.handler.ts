import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { opportunityDependencies } from '#functions/opportunities/opportunity.container';
import { allowDuplicateQuery, type AllowDuplicateQuery } from '#shared/duplicates/allow-duplicate.schema';
import { opportunityIdParams, winOpportunityBody, type WinOpportunityInput } from './opportunity.schema';
import { optionalJsonBody } from '#functions/opportunities/optional-json-body';
import { winOpportunity } from './win-opportunity.use-case';

export const winOpportunityHandler = middy<ApiEvent<WinOpportunityInput, AllowDuplicateQuery, { opportunityId: string }>, HttpResult>()
  .use(authorize('winOpportunity'))
  .use(optionalJsonBody())
  .use(validate({ params: opportunityIdParams, query: allowDuplicateQuery, body: winOpportunityBody }))
  // The codes must be active codes of their dictionary lists (400 naming the field otherwise).
  .use(dictionaryCodes({ level: 'customer-levels', region: 'regions', industry: 'industries' }))
  .handler(async (event) => {
    const expectedVersion = expectedVersionFrom(event.headers);
    const idempotency = idempotencyOf(event);
    const outcome = await winOpportunity(opportunityDependencies(), {
      caller: callerOf(event),
      opportunityId: event.crm.params.opportunityId,
      input: event.crm.body,
      expectedVersion,
      allowDuplicate: event.crm.query.allowDuplicate === 'true',
      ...(idempotency ? { idempotency } : {}),
    });
    const response = ok(outcome.value, { version: outcome.value.version });
    if (outcome.kind === 'replayed') response.headers['idempotent-replayed'] = 'true';
    return response;
  });
