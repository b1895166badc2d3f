import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { updateUser } from './update-user.use-case';
import { userDependencies } from './user.container';
import { toUser } from './user.rules';
import { updateUserBody, usernameParams, type UpdateUserInput } from './user.schema';

export const updateUserHandler = middy<ApiEvent<UpdateUserInput, unknown, { username: string }>, HttpResult>()
  .use(authorize('updateUser'))
  .use(jsonBody())
  .use(validate({ params: usernameParams, body: updateUserBody }))
  .handler(async (event) => {
    const { account, version } = await updateUser(userDependencies(), {
      actor: event.crm.principal,
      username: event.crm.params.username,
      changes: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(toUser(account), { version });
  });
