import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ApiEvent, RequestState } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import { portalDependencies } from './portal.container';
import { portalUserPoolId } from './portal.config';
import { portalSessionOf, type PortalSession } from './portal-session';

const sessions = new WeakMap<object, PortalSession>();

/**
 * The portal routes' authentication (in place of `authorize`, which is for staff roles): the session of
 * portal-session.ts, one GetItem per request. The `crm` state carries no principal or scope — a portal handler
 * reads its caller with `sessionOf(event)` only.
 */
export const portalSession = (): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => ({
  before: async (request) => {
    const session = await portalSessionOf(portalDependencies().users, request.event.requestContext?.authorizer?.jwt?.claims, portalUserPoolId());
    sessions.set(request.event, session);
    request.event.crm = { body: undefined, query: undefined, params: undefined } as unknown as RequestState;
  },
});

/** The session `portalSession()` established for this event. */
export const sessionOf = (event: ApiEvent<any, any, any>): PortalSession => {
  const session = sessions.get(event);
  if (!session) throw new Error('portal route without the portalSession() middleware');
  return session;
};
