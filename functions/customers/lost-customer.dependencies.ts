import type { Clock } from '#shared/core/clock';
import type { LostCustomerRepository } from './lost-customer.model';

/** What the lost-customer use cases depend on; `lost-customer.container.ts` wires the real ones, tests the fakes. */
export interface LostCustomerDependencies {
  readonly lostCustomers: LostCustomerRepository;
  readonly clock: Clock;
}

export type { Caller } from '#shared/auth/caller';
