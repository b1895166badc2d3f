import type { UserDirectory } from '#shared/auth/user-directory';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomerRepository } from './customer.model';

/** What the customers use cases depend on; `customer.container.ts` wires the real ones, tests the fakes. */
export interface CustomerDependencies {
  readonly customers: CustomerRepository;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export type { Caller } from '#shared/auth/caller';
