import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { IdempotencyClaim, OpportunityRepository } from './opportunity.model';

/** What the opportunities use cases depend on; `opportunity.container.ts` wires the real ones, tests the fakes. */
export interface OpportunityDependencies {
  readonly opportunities: OpportunityRepository;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';

/** An Idempotency-Key as the transport read it; the use case adds its expiry. */
export type IdempotencyRequest = Omit<IdempotencyClaim, 'expiresAt'>;

/** Idempotency records are kept for a day (docs/api.md). */
export const claimOf = (request: IdempotencyRequest | undefined, now: Date): IdempotencyClaim | undefined =>
  request && { ...request, expiresAt: Math.floor(now.getTime() / 1000) + 24 * 60 * 60 };

export const actorOf = (caller: { username: string }, now: Date) => ({ username: caller.username, at: now.toISOString() });
