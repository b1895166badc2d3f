import type { Clock, IdGenerator } from '#shared/core/clock';
import type { ContactRepository } from './contact.ports';

/** What the contacts use cases depend on; `contact.container.ts` wires the real ones, tests the fakes. */
export interface ContactDependencies {
  readonly contacts: ContactRepository;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
