import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { getUser } from './get-user.use-case';
import { userDependencies } from './user.container';
import { toUser, userVersion } from './user.rules';
import { usernameParams } from './user.schema';

export const getUserHandler = middy<ApiEvent<unknown, unknown, { username: string }>, HttpResult>()
  .use(authorize('getUser'))
  .use(validate({ params: usernameParams }))
  .handler(async (event) => {
    const account = await getUser(userDependencies(), { username: event.crm.params.username });
    return ok(toUser(account), { version: userVersion(account) });
  });
