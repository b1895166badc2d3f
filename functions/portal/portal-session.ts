import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PortalUserRepository } from './portal.ports';
import type { PortalUser } from './portal-user.schema';

/** The caller of a portal route: their record, read by their token's `sub` — never a customer id from the token. */
export interface PortalSession {
  readonly user: PortalUser;
}

const refused = (reason: string): DomainError => new DomainError(ErrorCode.Unauthenticated, reason);

/**
 * Who calls a portal route. The authorizer of the portal routes (the second pool's, pinned to its app client) has
 * verified the token; this checks, per request:
 * 1. the token was issued by the PORTAL pool (`iss` ends with its id) — a staff token never reaches a portal
 *    route through the authorizer, and is refused here too should a route ever be mis-wired;
 * 2. the portal user's record, read by the token's `sub` (one GetItem), exists and is active — a user disabled a
 *    moment ago is refused at once, whatever their token's remaining life;
 * 3. the customer is the record's: a `customerId` or any other claim in the token is ignored.
 * Every refusal is 401, as an unknown token: nothing says whether the account exists.
 */
export const portalSessionOf = async (
  users: Pick<PortalUserRepository, 'get'>,
  claims: Readonly<Record<string, unknown>> | undefined,
  portalUserPoolId: string,
): Promise<PortalSession> => activeSessionOf(await users.get(portalSubOf(claims, portalUserPoolId)));

/** Steps 1 of portalSessionOf, no I/O: the token is the portal pool's and names a user — their `sub`. */
export const portalSubOf = (claims: Readonly<Record<string, unknown>> | undefined, portalUserPoolId: string): string => {
  if (!claims) throw refused('No verified token on the request.');
  const issuer = String(claims['iss'] ?? '');
  if (!portalUserPoolId || !issuer.endsWith(`/${portalUserPoolId}`)) throw refused('This token is not a portal token.');
  const sub = String(claims['sub'] ?? '');
  if (!sub) throw refused('The token does not name a user.');
  return sub;
};

/**
 * Steps 2–3 of portalSessionOf on a record already read (a route that reads the user with its record in one
 * BatchGetItem): missing or disabled → 401.
 */
export const activeSessionOf = (user: PortalUser | undefined): PortalSession => {
  if (!user || user.status !== 'active') throw refused('This portal account is not active.');
  return { user };
};

/**
 * The portal user as an actor in audit entries and histories: `portal+<sub>` — never a staff username (the `+` and the
 * prefix keep the two apart; it still passes the audit trail's actor filter).
 */
export const portalActorOf = (user: Pick<PortalUser, 'id'>): string => `portal+${user.id}`;

/** Was this move made by a portal user? */
export const isPortalActor = (actor: string): boolean => actor.startsWith('portal+');
