import type { UserDependencies } from './user.ports';
import { userNotFound } from './user.rules';
import type { UserAccount } from './user.ports';

/**
 * Read one staff account (administrators only — the route's capability says so).
 *
 * Primary course: the account exists in the user pool → it is returned with its role; the handler derives the
 * ETag from it (user.rules.ts, userVersion). Alternate: no such account → UserNotFound (404).
 */
export const getUser = async (deps: Pick<UserDependencies, 'accounts'>, request: { username: string }): Promise<UserAccount> => {
  const account = await deps.accounts.get(request.username);
  if (!account) throw userNotFound(request.username);
  return account;
};
