import { DomainError, ErrorCode } from '#shared/core/errors';
import { customerNotFound, customerVisibleTo } from '#shared/customer-records/customer-head';
import type { Caller, PortalDependencies } from './portal.ports';
import type { PortalUser } from './portal-user.schema';

export const portalUserNotFound = (portalUserId: string): DomainError =>
  new DomainError(ErrorCode.PortalUserNotFound, `Portal user ${portalUserId} does not exist.`);

/**
 * Disable a portal user.
 *
 * Primary course:
 * 1. The customer exists, is not archived and — for an account manager — is one they own.
 * 2. The portal user belongs to that customer, at the version the caller read (If-Match).
 * 3. The record turns `disabled` with its audit entry (one transaction): from this write on, every portal request
 *    with the user's live token is refused (the session reads the record on each request: portal-session).
 * 4. The portal pool disables the account and ends its refresh tokens: no new sign-in, no new tokens.
 *
 * Alternates: no such customer / another owner's → 404; a portal user of another customer → 404 (as missing);
 * another version → 412; already disabled → the record as it is, nothing written.
 * Step 4 cannot share the transaction: if it fails, the request fails after step 3, and a retry repeats step 4.
 */
export const disablePortalUser = async (
  deps: PortalDependencies,
  request: { caller: Caller; customerId: string; portalUserId: string; expectedVersion: number },
): Promise<PortalUser> => {
  const { caller, customerId, portalUserId, expectedVersion } = request;
  const customer = await deps.users.customerHead(customerId);
  if (!customerVisibleTo(caller, customer)) throw customerNotFound(customerId);
  const user = await deps.users.get(portalUserId);
  if (!user || user.customerId !== customerId) throw portalUserNotFound(portalUserId);
  if (user.version !== expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, 'If-Match does not match the current version.');
  }
  if (user.status === 'disabled') {
    await deps.identities.disable(user.username);
    return user;
  }
  const at = deps.clock.now().toISOString();
  const disabled: PortalUser = {
    ...user,
    status: 'disabled',
    disabledAt: at,
    disabledBy: caller.username,
    version: user.version + 1,
    updatedAt: at,
    updatedBy: caller.username,
  };
  await deps.users.replace(disabled, expectedVersion, {
    at,
    actor: caller.username,
    action: 'transition',
    entityType: 'portal-user',
    entityId: user.id,
    customerId,
    entityVersion: disabled.version,
    changes: [{ field: 'status', old: 'active', new: 'disabled' }],
  });
  await deps.identities.disable(user.username);
  return disabled;
};
