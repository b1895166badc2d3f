import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getQuote } from './get-quote.use-case';
import { quotesDependencies } from './quotes.container';
import { quoteIdParams } from './quote.schema';

export const getQuoteHandler = middy<ApiEvent<unknown, unknown, { quoteId: string }>, HttpResult>()
  .use(authorize('getQuote'))
  .use(validate({ params: quoteIdParams }))
  .handler(async (event) => {
    const quote = await getQuote(quotesDependencies(), { caller: callerOf(event), quoteId: event.crm.params.quoteId });
    return ok(quote, { version: quote.version });
  });
