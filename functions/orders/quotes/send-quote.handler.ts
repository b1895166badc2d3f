import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { quotesDependencies } from './quotes.container';
import { quoteIdParams } from './quote.schema';
import { sendQuote } from './send-quote.use-case';

export const sendQuoteHandler = middy<ApiEvent<unknown, unknown, { quoteId: string }>, HttpResult>()
  .use(authorize('sendQuote'))
  .use(validate({ params: quoteIdParams }))
  .handler(async (event) => {
    const quote = await sendQuote(quotesDependencies(), {
      caller: callerOf(event),
      quoteId: event.crm.params.quoteId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(quote, { version: quote.version });
  });
