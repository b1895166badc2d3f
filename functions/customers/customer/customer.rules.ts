import { rolesThatMayOwnCustomers } from '#shared/auth/permissions';
import type { UserDirectory } from '#shared/auth/user-directory';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Customer } from './customer.schema';
import type { StoredCustomer } from './customer.ports';
import type { Caller } from './customer.dependencies';

/** Rules shared by several customer use cases. */

export const customerNotFound = (customerId: string): DomainError =>
  new DomainError(ErrorCode.CustomerNotFound, `Customer ${customerId} does not exist.`);

/** Archived customers and, for account managers, customers of other owners look exactly like missing ones. */
export const visibleTo = (caller: Caller, customer: StoredCustomer | undefined): customer is StoredCustomer =>
  customer !== undefined &&
  customer.deletedAt === undefined &&
  (caller.scope === 'all' || customer.ownerId === caller.username);

export const withoutStorageMarkers = ({ deletedAt: _deletedAt, ...customer }: StoredCustomer): Customer => customer;

/** An owner must be an enabled user whose role may own customers (derived from the permission table). */
export const resolveOwner = async (
  directory: UserDirectory,
  username: string,
): Promise<{ ownerId: string; ownerName: string }> => {
  const user = await directory.findUser(username);
  const mayOwn = rolesThatMayOwnCustomers();
  if (!user || !user.enabled || !user.roles.some((role) => mayOwn.includes(role))) {
    throw new DomainError(ErrorCode.InvalidOwner, 'The new owner must be an enabled staff member who may own customers.', {
      errors: [{ path: 'body.ownerId', message: `No enabled user ${username} with a role that may own customers.` }],
    });
  }
  return { ownerId: user.username, ownerName: user.name };
};

/** Only the owner of their own customers: a scoped caller's writes carry their username as a condition. */
export const ownerScopeOf = (caller: Caller): string | undefined => (caller.scope === 'own' ? caller.username : undefined);
