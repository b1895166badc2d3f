import { changesBetween } from '#shared/audit/audit';
import { isDomainError } from '#shared/core/errors';
import type { Principal } from '#shared/auth/principal';
import type { UserDependencies } from './user.ports';
import { accountOf, toUser, userVersion } from './user.rules';
import type { CreateUserInput, User } from './user.schema';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';

export interface CreateUserOutcome {
  readonly kind: 'created' | 'replayed';
  readonly user: User;
  /** The ETag's value (user.rules.ts). */
  readonly version: number;
}


/**
 * Invite a new staff member (administrators only).
 *
 * Primary course:
 * 1. Cognito creates the account with the e-mail address (marked verified, so that the invitation and later
 *    password resets can reach it) and the display name; it generates a temporary password and e-mails the
 *    invitation. The account is then put in exactly one role group.
 * 2. Then — the Cognito change cannot share a DynamoDB transaction — the audit entry (entity `user`, action
 *    `create`) and, when the client sent an Idempotency-Key, its idempotency record are written together.
 *
 * Alternates: the username is taken → UsernameTaken (409), nothing changed. The same Idempotency-Key with the
 * same request replays the first answer; with another request → IdempotencyKeyReused (422). Should the audit
 * write fail after the Cognito change (throttling, an outage), the account is deleted again and the failure
 * answered (503): no account without its entry, and a retry starts afresh. Only if that deletion fails too does
 * an account stay without its entry; the original failure is what is answered and logged.
 */
export const createUser = async (
  deps: UserDependencies,
  request: { actor: Principal; input: CreateUserInput; idempotency?: IdempotencyRequest | undefined },
): Promise<CreateUserOutcome> => {
  const now = deps.clock.now();
  if (request.idempotency) {
    const first = await deps.records.replay(request.idempotency, now);
    if (first) return { kind: 'replayed', user: first, version: userVersion(accountOf(first)) };
  }
  const account = await deps.accounts.create(request.input);
  const user = toUser(account);
  const creation = {
    at: now.toISOString(),
    actor: request.actor.username,
    action: 'create' as const,
    entityType: 'user' as const,
    entityId: user.username,
    changes: changesBetween(undefined, user),
  };
  const claim = claimOf(request.idempotency, now);
  try {
    await deps.records.recordCreation(creation, user, claim);
  } catch (error) {
    // No account without its audit entry: the invitation is undone, and the client may simply retry.
    if (!isDomainError(error)) await deps.accounts.remove(user.username).catch(() => undefined);
    throw error;
  }
  return { kind: 'created', user, version: userVersion(account) };
};
