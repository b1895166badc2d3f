import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomFieldSource } from '#shared/custom-fields/custom-field';
import type { DuplicateFinder } from '#shared/duplicates/duplicate-candidates';
import type { OpportunityRepository } from '#functions/opportunities/opportunity/opportunity.ports';
import type { StageCatalog } from '#functions/opportunities/opportunity/stages';

/** What the opportunities use cases depend on; `opportunity.container.ts` wires the real ones, tests the fakes. */
export interface OpportunityDependencies {
  readonly opportunities: OpportunityRepository;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The duplicate index's reads, for the customer a win creates (the candidates of a 409, the pairs of an allowed one). */
  readonly duplicates: DuplicateFinder;
  /** The customer custom-field definitions the win's `custom` values are checked against. */
  readonly customFields: CustomFieldSource;
  /** The sales stages and their default probabilities (the opportunity-stages dictionary list). */
  readonly stages: StageCatalog;
}

export type { Caller } from '#shared/auth/caller';

export { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';

export const actorOf = (caller: { username: string }, now: Date) => ({ username: caller.username, at: now.toISOString() });
