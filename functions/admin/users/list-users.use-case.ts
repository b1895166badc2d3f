import type { Role } from '#shared/auth/roles';
import type { PageKey } from '#shared/http/cursor';
import type { UserDependencies } from './user.ports';
import { toUser } from './user.rules';
import type { User } from './user.schema';

/**
 * List staff accounts, one page at a time, optionally only those of one role (administrators only).
 *
 * Primary course: one page of the user pool (or of the role's group) in the pool's own order, each account with
 * its role. The page position is the adapter's (Cognito's pagination token); the handler wraps it in a signed
 * cursor bound to the filter, like every other list.
 */
export const listUsers = async (
  deps: Pick<UserDependencies, 'accounts'>,
  request: { role?: Role | undefined; limit: number; start?: PageKey | undefined },
): Promise<{ items: User[]; next?: PageKey | undefined }> => {
  const page = await deps.accounts.list(request);
  return { items: page.users.map(toUser), next: page.next };
};
