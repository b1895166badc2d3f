import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createUser } from './create-user.use-case';
import { userDependencies } from './user.container';
import { createUserBody, type CreateUserInput } from './user.schema';

export const createUserHandler = middy<ApiEvent<CreateUserInput>, HttpResult>()
  .use(authorize('createUser'))
  .use(jsonBody())
  .use(validate({ body: createUserBody }))
  .handler(async (event) => {
    const outcome = await createUser(userDependencies(), {
      actor: event.crm.principal,
      input: event.crm.body,
      idempotency: idempotencyOf(event),
    });
    return created(outcome.user, {
      location: `/v1/users/${encodeURIComponent(outcome.user.username)}`,
      version: outcome.version,
      replayed: outcome.kind === 'replayed',
    });
  });
