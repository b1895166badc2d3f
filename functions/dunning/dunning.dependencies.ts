import type { Clock, IdGenerator } from '#shared/core/clock';
import type { DunningRepository } from './dunning.ports';

/** What the dunning use cases depend on; `dunning.container.ts` wires the real ones, tests the fakes. */
export interface DunningDependencies {
  readonly dunning: DunningRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';

/** The letter routes also need the letters' storage and the mail service. */
export interface LetterDependencies extends DunningDependencies {
  readonly letters: import('./dunning.ports').LetterRepository;
  readonly mailer: import('./dunning.ports').LetterMailer;
}
