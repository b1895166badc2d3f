import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { letterDependencies } from './dunning-letter.container';
import { orderIdParams } from './dunning.schema';
import { listDunningLetters } from './list-dunning-letters.use-case';

export const listDunningLettersHandler = middy<ApiEvent<unknown, unknown, { orderId: string }>, HttpResult>()
  .use(authorize('listDunningLetters'))
  .use(validate({ params: orderIdParams }))
  .handler(async (event) => ok({ items: await listDunningLetters(letterDependencies(), { caller: callerOf(event), orderId: event.crm.params.orderId }), nextCursor: null }));
