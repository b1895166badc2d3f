import type { Clock } from '#shared/core/clock';
import type { CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import type { LostCustomerRepository } from './lost-customer.ports';

/** What the lost-customer use cases depend on; `lost-customer.container.ts` wires the real ones, tests the fakes. */
export interface LostCustomerDependencies {
  readonly lostCustomers: LostCustomerRepository;
  readonly clock: Clock;
  /** A lost-customer record names its customer: reads count towards the data-exfiltration guard (shared/guard/). */
  readonly readGuard: CustomerReadGuard;
}

export type { Caller } from '#shared/auth/caller';
