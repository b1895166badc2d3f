import type { Clock } from '#shared/core/clock';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import type { BulkAnswers } from './bulk.ports';

/** What the bulk-edit use cases depend on; `bulk.container.ts` wires the real ones, tests the fakes. */
export interface BulkDependencies {
  /** The customer use cases' own dependencies: each item goes through the customer update and transfer. */
  readonly customer: CustomerDependencies;
  readonly answers: BulkAnswers;
  readonly clock: Clock;
}

export type { Caller } from '#shared/auth/caller';
