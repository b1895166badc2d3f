import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CustomerReadGuard } from '#shared/read-guard/customer-read-guard';
import { customerDependencies } from '#functions/customers/customer/customer.container';
import { listCustomers } from '#functions/customers/customer/list-customers.use-case';
import type { BulkJobDependencies, BulkJobLimits } from './bulk-job.dependencies';
import { bulkJobTrigger } from './bulk-update-job.trigger';
import { DynamoDbBulkJobRepository } from './bulk-update-job.repository';
import { runBulkUpdateStep } from './run-bulk-update-step.use-case';

/**
 * Pages of 25 customers (one checkpoint each), 4 at a time. A step runs in the customers function, whose timeout is
 * 10 s (lib/constructs/crm-function.ts): it starts no page after 6 s, and a page of 25 takes ~1–2 s.
 * BULK_UPDATE_PAGE_SIZE makes pages smaller where a test must see several with few customers.
 */
export const BULK_JOB_LIMITS: BulkJobLimits = { pageSize: Number(process.env['BULK_UPDATE_PAGE_SIZE'] ?? 25), stepMillis: 6_000, concurrency: 4 };

/**
 * The job reads customers to change them, not to show them: its pages are not counted by the read guard (whose
 * 500 records / 10 minutes would stop a manager's job on its tenth page). The job answers counts, never records.
 */
const notCounted: CustomerReadGuard = {
  count: async (_username, records) => ({ tally: { window: 0, current: 0, previous: 0 }, charged: records, atMs: 0 }),
  settle: async () => undefined,
};

let dependencies: BulkJobDependencies | undefined;

/** Wires the real dependencies once per process; tests may replace them. */
export const bulkJobDependencies = (): BulkJobDependencies =>
  (dependencies ??= {
    customer: customerDependencies(),
    customers: (caller, filter, page) => listCustomers({ ...customerDependencies(), readGuard: notCounted }, { caller, filters: filter, page }),
    jobs: new DynamoDbBulkJobRepository(documentClient(), loadConfig().TABLE_NAME),
    trigger: bulkJobTrigger((jobId) => runBulkUpdateStep(bulkJobDependencies(), jobId, BULK_JOB_LIMITS.stepMillis)),
    clock: systemClock,
    ids: ulidGenerator(),
    limits: BULK_JOB_LIMITS,
  });

export const useBulkJobDependencies = (replacement: BulkJobDependencies | undefined): void => {
  dependencies = replacement;
};
