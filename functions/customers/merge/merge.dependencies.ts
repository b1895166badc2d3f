import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomerRepository } from '#functions/customers/customer/customer.ports';
import type { MergeJobTrigger, MergeRepository, MergeResumeRepository, MergeRevertRepository } from './merge.ports';

/** How much a step may do before it hands over to the next invocation. */
export interface MergeLimits {
  /** Items read per page of the merged customer's collection. */
  readonly pageSize: number;
  /** A job step stops taking pages after this long and triggers the next step. */
  readonly stepMillis: number;
  /** How long a merge may be reverted. */
  readonly revertDays: number;
}

/** What the merge use cases depend on; merge.container.ts wires the real ones, tests the fakes. */
export interface MergeDependencies {
  readonly customers: CustomerRepository;
  readonly merges: MergeRepository;
  readonly reverts: MergeRevertRepository;
  readonly resumes: MergeResumeRepository;
  readonly trigger: MergeJobTrigger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly limits: MergeLimits;
}

export type { Caller } from '#shared/auth/caller';
