import middy from '@middy/core';
import { customValues } from '#shared/custom-fields/custom-values.middleware';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { acceptQuote } from './accept-quote.use-case';
import { quotesDependencies } from './quotes.container';
import { acceptQuoteBody, quoteIdParams, type AcceptQuoteInput } from './quote.schema';

export const acceptQuoteHandler = middy<ApiEvent<AcceptQuoteInput, unknown, { quoteId: string }>, HttpResult>()
  .use(authorize('acceptQuote'))
  .use(jsonBody())
  .use(validate({ params: quoteIdParams, body: acceptQuoteBody }))
  // The order's custom-field values, as for an order placed directly (400 naming body.custom.<key>).
  .use(customValues('order', 'create'))
  .handler(async (event) => {
    const { quote } = await acceptQuote(quotesDependencies(), {
      caller: callerOf(event),
      quoteId: event.crm.params.quoteId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    // The quote as accepted, with the order it became (GET /v1/orders/{orderId}).
    const response = ok(quote, { version: quote.version });
    response.headers['location'] = `/v1/orders/${quote.orderId}`;
    return response;
  });
