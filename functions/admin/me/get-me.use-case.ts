import { displayNameOf } from '#shared/auth/display-name';
import { CAPABILITIES, scopeOf } from '#shared/auth/permissions';
import type { Principal } from '#shared/auth/principal';
import type { UserDirectory } from '#shared/auth/user-directory';
import type { Me } from './me.schema';

/**
 * Who am I, and what may I do?
 *
 * Primary course: the caller's identity and role come from the verified token (never from input); the name from the
 * user directory (cached; never a token claim, so ID and access tokens answer alike); the capabilities are read
 * from the permission table (shared/auth/permissions.ts) for the caller's role, each with its scope
 * (`all` / `own`), so a client shapes its menus from the same table the routes enforce.
 * No alternates: every role may ask; a token without a single role never gets here (403 in `authorize`).
 */
export const getMe = async (deps: { readonly directory: UserDirectory }, principal: Principal): Promise<Me> => ({
  username: principal.username,
  sub: principal.sub,
  name: await displayNameOf(deps.directory, principal.username),
  role: principal.role,
  capabilities: CAPABILITIES.flatMap((capability) => {
    const scope = scopeOf(capability, principal.role);
    return scope === 'none' ? [] : [{ capability, scope }];
  }),
});
