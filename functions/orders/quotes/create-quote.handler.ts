import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createQuote } from './create-quote.use-case';
import { quotesDependencies } from './quotes.container';
import { createQuoteBody, customerQuotesParams, type CreateQuoteInput } from './quote.schema';

export const createQuoteHandler = middy<ApiEvent<CreateQuoteInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('createQuote'))
  .use(jsonBody())
  .use(validate({ params: customerQuotesParams, body: createQuoteBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createQuote(quotesDependencies(), {
      caller: callerOf(event),
      customerId: event.crm.params.customerId,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const quote = outcome.value;
    return created(quote, { location: `/v1/quotes/${quote.id}`, version: quote.version, replayed: outcome.kind === 'replayed' });
  });
