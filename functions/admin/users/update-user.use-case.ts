import type { Principal } from '#shared/auth/principal';
import type { Role } from '#shared/auth/roles';
import { changesBetween } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { UserAccount, UserDependencies } from './user.ports';
import { isEnabledAdmin, lastAdmin, toUser, userNotFound, userVersion } from './user.rules';
import type { UpdateUserInput } from './user.schema';

/**
 * Change a staff account's role, enabled flag or display name (administrators only).
 *
 * Concurrency: users are not versioned entities (they live in Cognito, not in the table), yet PATCH follows
 * the API's optimistic concurrency (docs/api.md) like every other update: the ETag is derived from what the API shows of the account (Cognito's
 * last-modified date, role groups, enabled, name — user.rules.ts), `If-Match` is required (428 without it) and a
 * stale one answers 412. Cognito has no conditional update, so a change landing between this read and these
 * writes (milliseconds) is not caught — acceptable for a handful of administrators editing staff accounts.
 *
 * Primary course:
 * 1. Read the account (404 when there is none) and compare its derived version with `If-Match` (412).
 * 2. The last-admin rule: disabling or demoting an enabled administrator needs another enabled administrator
 *    (LastAdmin, 409, nothing changed). Demoting or disabling yourself is allowed while another one exists.
 * 3. Apply in Cognito: the name; the role — the new group first, then every other role group removed, so the
 *    account ends with exactly one role and never passes through having none; then enabled. `enabled: true`
 *    first lifts the exfiltration guard's lock (shared/auth/account-lock.ts, which audits the unlock itself).
 * 4. Cognito has no transactions: two administrators demoting each other at once could both pass step 2. So
 *    after a change that took an administrator away, the rule is checked again; a change that left no enabled
 *    administrator is undone (name included) and answers 409. Of two such racing changes, at least the one
 *    checked last is undone.
 * 5. Disabling also locks the account in the API (`AccountLocks.lock`, audited by itself) and signs it out of
 *    Cognito: AdminDisableUser stops new sign-ins only, and the ID and access tokens already issued would
 *    otherwise work for up to an hour. Should the lock fail, the Cognito change is undone and the failure answered.
 * 6. Then the audit entry (entity `user`, action `update`, the field changes) is written — after the Cognito
 *    change, which cannot share a DynamoDB transaction with it. Should that write fail, the Cognito change is
 *    undone (as in step 4) and the failure answered: no change without its entry.
 *
 * Alternates: a request that changes nothing writes nothing and answers the account as it is.
 */
export const updateUser = async (
  deps: UserDependencies,
  request: { actor: Principal; username: string; changes: UpdateUserInput; expectedVersion: number },
): Promise<{ account: UserAccount; version: number }> => {
  const { accounts } = deps;
  const { username, changes } = request;
  const before = await accounts.get(username);
  if (!before) throw userNotFound(username);
  if (userVersion(before) !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, 'The user changed since you read it; read it again.');
  }

  const newRole = changes.role !== undefined && !(before.roles.length === 1 && before.roles[0] === changes.role) ? changes.role : undefined;
  const newEnabled = changes.enabled !== undefined && changes.enabled !== before.enabled ? changes.enabled : undefined;
  const newName = changes.name !== undefined && changes.name !== before.name ? changes.name : undefined;
  const takesAnAdminAway = isEnabledAdmin(before) && ((newRole !== undefined && newRole !== 'admin') || newEnabled === false);

  if (takesAnAdminAway && (await otherEnabledAdmins(deps, username)) === 0) throw lastAdmin(username);

  // The guard's lock goes first (shared/auth/account-lock.ts): should enabling fail, the user still cannot sign in
  // and a retry is safe. Idempotent, so `enabled: true` also frees an account that is locked but still enabled.
  if (changes.enabled === true) await deps.locks.unlock(username, request.actor.username);
  if (newName !== undefined) await accounts.setName(username, newName);
  if (newRole !== undefined) await setRoles(deps, username, before.roles, [newRole]);
  if (newEnabled !== undefined) await accounts.setEnabled(username, newEnabled);

  let locked = false;
  /** Puts back what this request changed in Cognito (which has no transactions to roll back), and its lock. */
  const undo = async (): Promise<void> => {
    if (locked) await deps.locks.unlock(username, request.actor.username);
    if (newEnabled !== undefined) await accounts.setEnabled(username, before.enabled);
    if (newRole !== undefined) await setRoles(deps, username, [newRole], before.roles);
    if (newName !== undefined && before.name !== undefined) await accounts.setName(username, before.name);
  };

  if (takesAnAdminAway && (await accounts.enabledAdmins()).length === 0) {
    await undo();
    throw lastAdmin(username);
  }

  if (newEnabled === false) {
    try {
      await deps.locks.lock(username, request.actor.username);
      locked = true;
    } catch (error) {
      await undo().catch(() => undefined);
      throw error;
    }
    await accounts.signOut(username);
  }

  const after = (await accounts.get(username)) ?? before;
  const fieldChanges = changesBetween(toUser(before), toUser(after));
  if (fieldChanges.length > 0) {
    try {
      await deps.records.audit({
        at: deps.clock.now().toISOString(),
        actor: request.actor.username,
        action: 'update',
        entityType: 'user',
        entityId: username,
        changes: fieldChanges,
      });
    } catch (error) {
      // No change without its audit entry: undone, and the failure answered (503) so the client may retry.
      await undo().catch(() => undefined);
      throw error;
    }
  }
  return { account: after, version: userVersion(after) };
};

const otherEnabledAdmins = async (deps: UserDependencies, username: string): Promise<number> =>
  (await deps.accounts.enabledAdmins()).filter((admin) => admin !== username).length;

/** Into the groups of `to` first, then out of the others of `from`: never without a role in between. */
const setRoles = async (deps: UserDependencies, username: string, from: readonly Role[], to: readonly Role[]): Promise<void> => {
  for (const role of to) if (!from.includes(role)) await deps.accounts.addToGroup(username, role);
  for (const role of from) if (!to.includes(role)) await deps.accounts.removeFromGroup(username, role);
};
