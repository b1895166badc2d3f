import type { FeatureFunction } from '#shared/routes';
import type { CognitoAction, TableAccess } from '#infra/constructs/crm-function';

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
  // Transfer validates that the target user exists and is an account manager.
  customers: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // opportunities — assigning checks that the assignee is an enabled account manager.
  opportunities: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // orders — products, stock, orders, payments; looks up no users.
  orders: { table: 'readWrite', userPoolActions: [] },
  // contacts, activities, follow-ups, 360 — they write under customers; no user look-ups. (The 360 view is a
  // customers route and only reads.)
  contacts: { table: 'readWrite', userPoolActions: [] },
  activities: { table: 'readWrite', userPoolActions: [] },
  // services — assigning checks that the assignee is an enabled user whose role may handle requests.
  services: { table: 'readWrite', userPoolActions: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminListGroupsForUser'] },
  // reports — only reads aggregates and snapshots (the snapshot job that writes is a separate function).
  reports: { table: 'read', userPoolActions: [] },
};
