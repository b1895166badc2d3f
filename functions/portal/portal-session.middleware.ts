import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { ApiEvent, RequestState } from '#shared/http/middleware';
import type { HttpResult } from '#shared/http/responses';
import { portalDependencies } from './portal.container';
import { portalUserPoolId } from './portal.config';
import { portalSessionOf, portalSubOf, type PortalSession } from './portal-session';

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

const subs = new WeakMap<object, string>();

/**
 * For a route that reads the portal user WITH its record in one request (a BatchGetItem: get-portal-order): only the
 * token's checks that need no read (the portal pool's token, naming a user — 401 otherwise); the route then checks
 * the record it read (`activeSessionOf`). Read the `sub` with `portalSubFrom(event)`.
 */
export const portalToken = (): MiddlewareObj<ApiEvent, HttpResult, Error, Context> => ({
  before: (request) => {
    subs.set(request.event, portalSubOf(request.event.requestContext?.authorizer?.jwt?.claims, portalUserPoolId()));
    request.event.crm = { body: undefined, query: undefined, params: undefined } as unknown as RequestState;
  },
});

export const portalSubFrom = (event: ApiEvent<any, any, any>): string => {
  const sub = subs.get(event);
  if (!sub) throw new Error('portal route without the portalToken() middleware');
  return sub;
};
