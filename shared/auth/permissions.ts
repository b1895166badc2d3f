import type { Role } from './roles';

/**
 * The permission matrix of DESIGN.md §2, held once. Route guards, the generated role tests and the
 * `/v1/me` capability list all read this table.
 *
 * - `all`: the capability applies to every record.
 * - `own`: the capability applies only to records the caller owns (for customers: `ownerId`); a record
 *   outside that scope answers 404, exactly like a missing one.
 * - `none`: the role lacks the capability; the route answers 403.
 */
export type Scope = 'all' | 'own' | 'none';

export const PERMISSIONS = {
  // customers
  'customers:read': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'all' },
  'customers:write': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'own', executive: 'none' },
  'customers:transfer': { admin: 'all', 'sales-manager': 'all', 'account-manager': 'none', executive: 'none' },
  // Each feature adds its capabilities in its own block below, headed by a `// <feature>` comment.
} as const satisfies Record<string, Record<Role, Scope>>;

export type Capability = keyof typeof PERMISSIONS;

export const CAPABILITIES = Object.keys(PERMISSIONS) as Capability[];

export const scopeOf = (capability: Capability, role: Role): Scope => PERMISSIONS[capability][role];

/** Roles that may own customers: those that may write them. Transfer targets must hold one of these. */
export const rolesThatMayOwnCustomers = (): Role[] =>
  (Object.entries(PERMISSIONS['customers:write']) as [Role, Scope][])
    .filter(([, scope]) => scope !== 'none')
    .map(([role]) => role);
