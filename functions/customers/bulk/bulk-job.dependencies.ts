import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomerDependencies } from '#functions/customers/customer/customer.dependencies';
import type { Page, PageKey } from '#functions/customers/customer/customer.ports';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { Caller } from '#shared/auth/caller';
import type { BulkJobRepository, BulkJobTrigger } from './bulk.ports';
import type { BulkUpdateFilter } from './bulk-update-job.schema';

/** A page of the customer list for a filter (list-customers.use-case.ts: the list's own indexes, no Scan). */
export type CustomerPages = (caller: Caller, filter: BulkUpdateFilter, page: { limit: number; startKey?: PageKey }) => Promise<Page<Customer>>;

export interface BulkJobLimits {
  /** Customers per page of the list (each page one checkpoint). */
  readonly pageSize: number;
  /** A job step's time budget; the job continues in a new invocation after it. */
  readonly stepMillis: number;
  /** Customers edited at the same time within a page. */
  readonly concurrency: number;
}

/** What the bulk-update job's use cases depend on; `bulk-job.container.ts` wires the real ones. */
export interface BulkJobDependencies {
  /** The customer use cases' own dependencies: each customer goes through the customer update and transfer. */
  readonly customer: CustomerDependencies;
  readonly customers: CustomerPages;
  readonly jobs: BulkJobRepository;
  readonly trigger: BulkJobTrigger;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly limits: BulkJobLimits;
}

export type { Caller };
