import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { letterDependencies } from './dunning-letter.container';
import { orderIdParams, requestDunningLetterBody, type RequestDunningLetterInput } from './dunning.schema';
import { requestDunningLetter } from './request-dunning-letter.use-case';

export const requestDunningLetterHandler = middy<ApiEvent<RequestDunningLetterInput, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('requestDunningLetter'))
  .use(jsonBody())
  .use(validate({ params: orderIdParams, body: requestDunningLetterBody }))
  .handler(async (event) => {
    const letter = await requestDunningLetter(letterDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return created(letter, { location: `/v1/orders/${letter.orderId}/dunning-letters`, version: letter.version });
  });
