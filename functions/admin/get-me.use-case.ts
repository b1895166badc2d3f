import { CAPABILITIES, scopeOf } from '#shared/auth/permissions';
import type { Principal } from '#shared/auth/principal';
import type { Me } from './me.schema';

/**
 * Who am I, and what may I do?
 *
 * Primary course: the caller's identity comes from the verified token (never from input); the capabilities are
 * read from the permission table (shared/auth/permissions.ts) for the caller's role, each with its scope
 * (`all` / `own`), so a client shapes its menus from the same table the routes enforce.
 * No alternates: every role may ask; a token without a single role never gets here (403 in `authorize`).
 */
export const getMe = (principal: Principal): Me => ({
  username: principal.username,
  sub: principal.sub,
  name: principal.name,
  role: principal.role,
  capabilities: CAPABILITIES.flatMap((capability) => {
    const scope = scopeOf(capability, principal.role);
    return scope === 'none' ? [] : [{ capability, scope }];
  }),
});
