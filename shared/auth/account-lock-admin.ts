import { DeleteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '#shared/db/transactions';
import { loadConfig } from '#shared/core/config';
import { systemClock, type Clock } from '#shared/core/clock';
import { auditPut } from '#shared/audit/audit.writes';
import { documentClient } from '#shared/db/client';
import { lockedAccountsEntity } from '#shared/read-guard/locked-accounts.entity';
import { readCounterEntity } from '#shared/read-guard/read-counter.entity';
import { part, refusedParts, withConflictRetry } from '#shared/db/transactions';
import { buildUpdateExpression, conditionalUpdate } from '#shared/db/update-expression';
import { lockedAccounts, type LockedAccounts } from './account-lock';

// What administrators do to locks (the admin function's users routes), apart from account-lock.ts, which every
// request loads for its lock check: this brings the audit writer and transactions along (docs/benchmarks.md,
// "Cold start").

export interface LockChangeRequest {
  readonly username: string;
  /** The administrator's username: the audit entry's actor. */
  readonly by: string;
  /** Why, for the audit trail (optional). */
  readonly note?: string | undefined;
}

export interface LockChangeDependencies {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly clock: Clock;
  readonly locks: LockedAccounts;
}

const defaultDependencies = (): LockChangeDependencies => ({
  client: documentClient(),
  tableName: loadConfig().TABLE_NAME,
  clock: systemClock,
  locks: lockedAccounts(),
});

/**
 * One change of the locked-accounts list with its audit entry, in one transaction: `true` when the list changed,
 * `false` when its condition said the change was already made (then nothing is written: no second entry).
 */
const changeLockList = async (
  request: LockChangeRequest,
  deps: LockChangeDependencies,
  change: { locked: boolean; extra?: TransactItem[] },
): Promise<boolean> => {
  const { client, tableName, clock } = deps;
  const at = clock.now().toISOString();
  // Conditional, so that a change already made writes nothing (and no second audit entry).
  const list = change.locked
    ? conditionalUpdate(tableName, lockedAccountsEntity.key(), buildUpdateExpression(lockedAccountsEntity.addPlan(request.username, at)), {
        ConditionExpression: 'attribute_not_exists(#usernames) OR NOT contains(#usernames, :name)',
        names: { '#usernames': lockedAccountsEntity.usernamesAttribute },
        values: { ':name': request.username },
      })
    : conditionalUpdate(tableName, lockedAccountsEntity.key(), buildUpdateExpression(lockedAccountsEntity.removePlan(request.username, at)), {
        ConditionExpression: 'contains(#usernames, :name)',
        names: { '#usernames': lockedAccountsEntity.usernamesAttribute },
        values: { ':name': request.username },
      });
  const sent = [
    part('list', list),
    ...(change.extra ?? []).map((item) => part('counter', item)),
    part(
      'audit',
      auditPut(tableName, {
        at,
        actor: request.by,
        action: change.locked ? 'lock' : 'unlock',
        entityType: 'user',
        entityId: request.username,
        changes: [{ field: 'locked', old: !change.locked, new: change.locked }],
        note: request.note,
      }),
    ),
  ];
  try {
    await withConflictRetry(() => client.send(new TransactWriteCommand({ TransactItems: sent.map((element) => element.item) })));
    return true;
  } catch (error) {
    if (!refusedParts(error, sent)?.has('list')) throw error;
    return false;
  }
};

/**
 * Lifts a lock of the read guard. THE SEAM with the users routes (`PATCH /v1/users/{username}`, functions/admin):
 *
 *   1. call `unlockAccount({ username, by: <admin username>, note })` — removes the user from the locked-accounts
 *      list, deletes their read counters (a fresh window: otherwise the very next read would trip again) and writes
 *      the audit entry (entityType 'user', action 'unlock', actor = the admin) in ONE transaction; then
 *   2. call Cognito AdminEnableUser (the users route owns Cognito user changes; needs `cognito-idp:AdminEnableUser`).
 *
 * In that order: if step 2 fails the user still cannot sign in, and retrying the PATCH is safe — both steps are
 * idempotent. Unlocking a user who is not locked resets their counters, writes no audit entry and answers
 * `{ wasLocked: false }` (the users route audits its own change of `enabled`; this only records the lock's end).
 * The calling container sees the unlock at once; other containers within ACCOUNT_LOCK_CACHE_SECONDS.
 * IAM: table write access (the admin function has it); no Cognito action here.
 */
export const unlockAccount = async (
  request: LockChangeRequest,
  deps: LockChangeDependencies = defaultDependencies(),
): Promise<{ wasLocked: boolean }> => {
  const counter = { TableName: deps.tableName, Key: readCounterEntity.keyOf(request.username) };
  const wasLocked = await changeLockList(request, deps, { locked: false, extra: [{ Delete: counter }] });
  // Not in the list: still reset the counters, so "unlock" always gives the user a fresh window.
  if (!wasLocked) await deps.client.send(new DeleteCommand(counter));
  deps.locks.markUnlocked(request.username);
  return { wasLocked };
};

/**
 * Locks an account on an administrator's decision (`PATCH /v1/users/{username}` with `enabled: false`): Cognito's
 * AdminDisableUser stops new sign-ins, but ID and access tokens already issued stay valid until they expire (up
 * to an hour) and API Gateway's JWT authorizer only checks signature and expiry. The locked-accounts list that the
 * read guard uses is what every function checks on every request (`authorize`), so the user joins it: refused with
 * 403 AccountLocked here at once, and in every other container within ACCOUNT_LOCK_CACHE_SECONDS.
 *
 * One transaction: the user added to the list (conditionally: already locked, by the guard or an earlier
 * disable, changes nothing and writes no second entry) and the audit entry (entityType 'user', action 'lock',
 * actor = the administrator). Re-enabling the account lifts it with `unlockAccount`.
 */
export const lockAccount = async (
  request: LockChangeRequest,
  deps: LockChangeDependencies = defaultDependencies(),
): Promise<{ wasLocked: boolean }> => {
  const locked = await changeLockList(request, deps, { locked: true });
  deps.locks.markLocked(request.username);
  return { wasLocked: !locked };
};
