import { DomainError, ErrorCode } from '#shared/core/errors';
import type { PortalCompany, PortalSessionRead, PortalUserRepository } from './portal.ports';
import type { PortalUser } from './portal-user.schema';

/**
 * The caller of a portal route: their record, read by their token's `sub` — never a customer id from the token — and
 * their company, not archived.
 */
export interface PortalSession {
  readonly user: PortalUser;
  readonly company: PortalCompany;
}

const refused = (reason: string): DomainError => new DomainError(ErrorCode.Unauthenticated, reason);

/**
 * Who calls a portal route. The authorizer of the portal routes (the second pool's, pinned to its app client) has
 * verified the token; this checks, per request:
 * 1. the token was issued by the PORTAL pool (`iss` ends with its id) — a staff token never reaches a portal
 *    route through the authorizer, and is refused here too should a route ever be mis-wired;
 * 2. the portal user's record, read by the token's `sub` (one GetItem), exists and is active — a user disabled a
 *    moment ago is refused at once, whatever their token's remaining life;
 * 3. the customer is the record's: a `customerId` or any other claim in the token is ignored;
 * 4. the customer exists and is not archived — read with the user (portal-session.reads.ts).
 * Refusals 1–2 are 401, as an unknown token: nothing says whether the account exists. An archived (or merged) customer
 * answers 404 CustomerNotFound on every portal route, exactly like a record that does not exist: the portal shows
 * nothing of a customer the staff archived.
 */
export const portalSessionOf = async (
  users: Pick<PortalUserRepository, 'session'>,
  claims: Readonly<Record<string, unknown>> | undefined,
  portalUserPoolId: string,
): Promise<PortalSession> => activeSessionOf(await users.session(portalSubOf(claims, portalUserPoolId)));

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
 * Steps 2–4 of portalSessionOf on what was read (a route that reads the session with its record in one BatchGetItem):
 * missing or disabled user → 401; missing or archived company → 404.
 */
export const activeSessionOf = ({ user, company }: PortalSessionRead): PortalSession => {
  if (!user || user.status !== 'active') throw refused('This portal account is not active.');
  if (!company || company.deletedAt) throw new DomainError(ErrorCode.CustomerNotFound, 'Your company is no longer served through the portal.');
  return { user, company };
};

/**
 * The portal user as an actor in audit entries and histories: `portal+<sub>` — never a staff username (the `+` and the
 * prefix keep the two apart; it still passes the audit trail's actor filter).
 */
export const portalActorOf = (user: Pick<PortalUser, 'id'>): string => `portal+${user.id}`;

/** Was this move made by a portal user? */
export const isPortalActor = (actor: string): boolean => actor.startsWith('portal+');
