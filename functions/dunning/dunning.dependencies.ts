import type { Clock, IdGenerator } from '#shared/core/clock';
import type { DunningRepository } from './dunning.ports';

/** What the dunning use cases depend on; `dunning.container.ts` wires the real ones, tests the fakes. */
export interface DunningDependencies {
  readonly dunning: DunningRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
