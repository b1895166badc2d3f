import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { dismissDuplicatePair } from './dismiss-duplicate-pair.use-case';
import { duplicatePairDependencies } from './duplicates.container';
import { duplicatePairParams } from './duplicates.schema';

export const dismissDuplicatePairHandler = middy<ApiEvent<unknown, unknown, { pairId: string }>, HttpResult>()
  .use(authorize('dismissDuplicatePair'))
  .use(validate({ params: duplicatePairParams }))
  .handler(async (event) => {
    const pair = await dismissDuplicatePair(duplicatePairDependencies(), {
      caller: callerOf(event),
      pairId: event.crm.params.pairId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(pair, { version: pair.version });
  });
