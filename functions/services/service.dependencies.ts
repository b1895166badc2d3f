import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { ServiceRepository } from './service.ports';

/** What the services use cases depend on; `service.container.ts` wires the real ones, tests the fakes. */
export interface ServiceDependencies {
  readonly services: ServiceRepository;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
