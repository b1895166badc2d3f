import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, ok, type HttpResult } from '#shared/http/responses';
import { invitePortalUser } from './invite-portal-user.use-case';
import { portalDependencies } from './portal.container';
import { customerIdParams, invitePortalUserBody, type InvitePortalUserInput } from './portal-user.schema';

export const invitePortalUserHandler = middy<ApiEvent<InvitePortalUserInput, unknown, { customerId: string }>, HttpResult>()
  .use(authorize('invitePortalUser'))
  .use(jsonBody())
  .use(validate({ params: customerIdParams, body: invitePortalUserBody }))
  .handler(async (event) => {
    // A malformed Idempotency-Key is refused as on every create (400); a well-formed one needs no record here: the
    // invite is idempotent by contact (one portal user per contact, a repeat answers it).
    idempotencyOf(event);
    const { customerId } = event.crm.params;
    const { kind, user } = await invitePortalUser(portalDependencies(), { caller: callerOf(event), customerId, input: event.crm.body });
    // A contact already invited answers its portal user as it is: the invite is idempotent by contact.
    return kind === 'created'
      ? created(user, { location: `/v1/customers/${customerId}/portal-users/${user.id}`, version: user.version })
      : ok(user, { version: user.version });
  });
