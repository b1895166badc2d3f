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
};
