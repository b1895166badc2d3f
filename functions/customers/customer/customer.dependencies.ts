import type { UserDirectory } from '#shared/auth/user-directory';
import type { CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomerRepository } from './customer.ports';
import type { DuplicateFinder } from '#shared/duplicates/duplicate-candidates';

/** What the customers use cases depend on; `customer.container.ts` wires the real ones, tests the fakes. */
export interface CustomerDependencies {
  readonly customers: CustomerRepository;
  /** The duplicate index's reads: the customers sharing a name, phone, e-mail domain or tax number key. */
  readonly duplicates: DuplicateFinder;
  readonly directory: UserDirectory;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The data-exfiltration guard: counts the customer records each user reads (shared/guard/). */
  readonly readGuard: CustomerReadGuard;
}

export type { Caller } from '#shared/auth/caller';
