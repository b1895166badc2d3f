import middy from '@middy/core';
import { authorize, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { getMe } from './get-me.use-case';
import { meDirectory } from './me.container';

export const getMeHandler = middy<ApiEvent, HttpResult>()
  .use(authorize('getMe'))
  .handler(async (event) => ok(await getMe({ directory: meDirectory() }, event.crm.principal)));
