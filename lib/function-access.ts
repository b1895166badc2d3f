import type { FeatureFunction } from '#shared/routes';
import type { CognitoAction, TableAccess } from '#lib/constructs/crm-function';

/**
 * What each feature function may touch, in one place. Adding a feature to FEATURE_FUNCTIONS without an entry
 * here is a compile error, so no function is ever deployed with a guessed or copied permission set.
 */
export interface FunctionAccess {
  readonly table: TableAccess;
  /** Cognito admin actions on the user pool; empty when the function does not look users up. */
  readonly userPoolActions: readonly CognitoAction[];
  /** @default 1024 MB (CrmFunction default) */
  readonly memorySize?: number;
}

export const FUNCTION_ACCESS: Record<FeatureFunction, FunctionAccess> = {
  // Transfer validates that the target user exists and is an account manager; a create reads the owner's name
  // (shared/auth/display-name.ts). The data-exfiltration guard (issue 8, shared/guard/) counts customer reads here
  // and, when a user goes over the limit, disables them and revokes their refresh tokens: AdminDisableUser +
  // AdminUserGlobalSignOut (enabling again is the admin function's).
  customers: {
    table: 'readWrite',
    userPoolActions: [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:AdminDisableUser',
      'cognito-idp:AdminUserGlobalSignOut',
    ],
  },
  // opportunities — assigning checks that the assignee is an enabled account manager.
  opportunities: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // orders — products, stock, orders, payments; looks up no users.
  orders: { table: 'readWrite', userPoolActions: [] },
  // contacts, activities, follow-ups, 360 — they write under customers. (The 360 view is a customers route and only
  // reads.) Contacts look up no users; an activity's participant staff must be enabled staff users (AdminGetUser +
  // AdminListGroupsForUser, shared/auth/cognito-user-directory.ts).
  contacts: { table: 'readWrite', userPoolActions: [] },
  activities: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // services — assigning checks that the assignee is an enabled user whose role may handle requests.
  services: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // reports — only reads aggregates and snapshots (the snapshot job that writes is a separate function).
  reports: { table: 'read', userPoolActions: [] },
  // admin — `me` reads the token, and the caller's name from the directory (AdminGetUser + AdminListGroupsForUser).
  // Users: exactly the Cognito calls of functions/admin/users/cognito-user-accounts.ts (read, list, invite, group moves,
  // name, enable/disable, global sign-out of a disabled user); no password
  // actions. Table: audit entries, idempotency records and the account locks (read-write). The audit routes are
  // counted by the read guard, which locks with the same two actions as in the customers function.
  admin: {
    table: 'readWrite',
    userPoolActions: [
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminListGroupsForUser',
      'cognito-idp:ListUsers',
      'cognito-idp:ListUsersInGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminRemoveUserFromGroup',
      'cognito-idp:AdminUpdateUserAttributes',
      'cognito-idp:AdminEnableUser',
      'cognito-idp:AdminDisableUser',
      // Disabling also ends the user's sessions (update-user.use-case.ts).
      'cognito-idp:AdminUserGlobalSignOut',
      // Only to undo an invitation whose audit entry could not be written (create-user.use-case.ts).
      'cognito-idp:AdminDeleteUser',
    ],
  },
  // workbench — tasks (calendar, notifications): creating for someone else and delegating check that the assignee is an
  // enabled user whose role may hold tasks, and read their name.
  workbench: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // imports — the API side records imports and signs upload URLs (the files bucket grants: lib/constructs/imports.ts);
  // it looks up no users. The job is its own function there.
  imports: { table: 'readWrite', userPoolActions: [] },
  // dunning — the overdue list, notes (with the order's promise and its reminder) and letters; looks up no users.
  dunning: { table: 'readWrite', userPoolActions: [] },
  // exports — the API side records exports (the audit entry, the quota counter) and signs download URLs (the files
  // bucket grants: lib/constructs/exports.ts); it looks up no users. The job is its own function there.
  exports: { table: 'readWrite', userPoolActions: [] },
  // attachments — records attachments (with their audit entries), reads the records they hang on, signs upload and
  // download URLs (the files bucket grants: lib/constructs/attachments.ts); it looks up no users.
  attachments: { table: 'readWrite', userPoolActions: [] },
  // campaigns — writes campaigns (and their audit entries); a campaign's owner must be an enabled user who may manage
  // campaigns (AdminGetUser + AdminListGroupsForUser, shared/auth/cognito-user-directory.ts).
  campaigns: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // portal — the customer portal (issue 21): portal users and the portal routes. On the STAFF pool only the account
  // manager's card a portal user sees (AdminGetUser: name, phone, e-mail); its actions on the PORTAL pool (invite,
  // look up, disable, sign out) are granted by lib/stateless-stack.ts, which holds that pool (PORTAL_POOL_ACTIONS).
  portal: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser'] },
  // webhooks — subscriptions (and their audit entries), delivery logs; a manual redelivery sends from the API.
  webhooks: { table: 'readWrite', userPoolActions: [] },
  // changes — reads the change feed the domain-event consumer writes; looks up no users.
  changes: { table: 'read', userPoolActions: [] },
};

/** What the portal function may do on the portal user pool (lib/constructs/portal-auth.ts). */
export const PORTAL_POOL_ACTIONS: readonly CognitoAction[] = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminUserGlobalSignOut',
];
