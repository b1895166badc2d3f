import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { isRole, type Role } from './roles';

/**
 * The caller, as the verified JWT (checked by the API Gateway authorizer) describes them. No display name: only ID
 * tokens carry one; names come from the user directory (shared/auth/display-name.ts).
 */
export interface Principal {
  readonly username: string;
  readonly sub: string;
  readonly role: Role;
}

/**
 * API Gateway HTTP API sends every claim as a string and flattens arrays to `"[a b]"`. Accept that form,
 * and a JSON array or a bare string as well, so the parsing holds across authorizer versions.
 */
export const parseGroupsClaim = (claim: unknown): string[] => {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string' || claim.trim() === '') return [];
  const text = claim.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    const inner = text.slice(1, -1).trim();
    if (inner.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // fall through to the whitespace form
      }
    }
    return inner.split(/[\s,]+/).filter(Boolean);
  }
  return [text];
};

/**
 * Reads the principal from the authorizer context. A token with no role group, an unknown one, or more than
 * one role is refused with 403: a role only ever comes from the token, and exactly one must be present.
 */
export const principalFromEvent = (event: APIGatewayProxyEventV2WithJWTAuthorizer): Principal => {
  const claims = event.requestContext?.authorizer?.jwt?.claims;
  if (!claims) throw new DomainError(ErrorCode.Unauthenticated, 'No verified token on the request.');
  const username = String(claims['cognito:username'] ?? claims['username'] ?? '');
  const sub = String(claims['sub'] ?? '');
  if (!username || !sub) throw new DomainError(ErrorCode.Unauthenticated, 'The token does not name a user.');
  const roles = parseGroupsClaim(claims['cognito:groups']).filter(isRole);
  if (roles.length !== 1) {
    throw new DomainError(ErrorCode.Forbidden, 'Your account has no single CRM role; ask an administrator.');
  }
  return { username, sub, role: roles[0]! };
};
