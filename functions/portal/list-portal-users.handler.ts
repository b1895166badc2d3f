import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { listPortalUsers } from './list-portal-users.use-case';
import { portalDependencies } from './portal.container';
import { customerIdParams } from './portal-user.schema';

export const listPortalUsersHandler = middy<ApiEvent<unknown, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('listPortalUsers'))
  .use(validate({ params: customerIdParams }))
  .handler(async (event) => ok({ items: await listPortalUsers(portalDependencies(), { caller: callerOf(event), customerId: event.crm.params.customerId }) }));
