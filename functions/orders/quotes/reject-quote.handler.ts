import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { quotesDependencies } from './quotes.container';
import { quoteIdParams, rejectQuoteBody, type RejectQuoteInput } from './quote.schema';
import { rejectQuote } from './reject-quote.use-case';

export const rejectQuoteHandler = middy<ApiEvent<RejectQuoteInput, unknown, { quoteId: string }>, HttpResult>()
  .use(authorize('rejectQuote'))
  .use(jsonBody())
  .use(validate({ params: quoteIdParams, body: rejectQuoteBody }))
  .handler(async (event) => {
    const quote = await rejectQuote(quotesDependencies(), {
      caller: callerOf(event),
      quoteId: event.crm.params.quoteId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(quote, { version: quote.version });
  });
