import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { approveDunningLetter } from './approve-dunning-letter.use-case';
import { letterDependencies } from './dunning-letter.container';
import { emptyBody, letterParams } from './dunning.schema';

export const approveDunningLetterHandler = middy<ApiEvent<unknown, unknown, { orderId: string; letterId: string }>, HttpResult>()
  .use(authorize('approveDunningLetter'))
  .use(jsonBody())
  .use(validate({ params: letterParams, body: emptyBody }))
  .handler(async (event) => {
    const letter = await approveDunningLetter(letterDependencies(), {
      caller: callerOf(event),
      orderId: event.crm.params.orderId,
      letterId: event.crm.params.letterId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(letter, { version: letter.version });
  });
