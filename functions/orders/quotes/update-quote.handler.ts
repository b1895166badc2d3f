import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { quotesDependencies } from './quotes.container';
import { quoteIdParams, updateQuoteBody, type UpdateQuoteInput } from './quote.schema';
import { updateQuote } from './update-quote.use-case';

export const updateQuoteHandler = middy<ApiEvent<UpdateQuoteInput, unknown, { quoteId: string }>, HttpResult>()
  .use(authorize('updateQuote'))
  .use(jsonBody())
  .use(validate({ params: quoteIdParams, body: updateQuoteBody }))
  .handler(async (event) => {
    const quote = await updateQuote(quotesDependencies(), {
      caller: callerOf(event),
      quoteId: event.crm.params.quoteId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(quote, { version: quote.version });
  });
