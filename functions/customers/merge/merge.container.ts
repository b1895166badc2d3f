import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { customerDependencies } from '#functions/customers/customer/customer.container';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { MergeDependencies, MergeLimits } from './merge.dependencies';
import { mergeJobTrigger } from './merge-job.trigger';
import { DynamoDbMergeRepository } from './merge.repository';
import { DynamoDbMergeResumeRepository } from './merge-resume.repository';
import { DynamoDbMergeRevertRepository } from './merge-revert.repository';
import { runMergeStep } from './run-merge-step.use-case';

/**
 * A job step starts no new page after 6 s, pages of 100 items: the step runs in the customers function, whose
 * timeout is the feature functions' 10 s (lib/constructs/crm-function.ts), so a longer budget would be cut off
 * mid-page in AWS. Undoable for 30 days.
 */
export const MERGE_LIMITS: MergeLimits = { pageSize: 100, stepMillis: 6_000, revertDays: 30 };

let dependencies: MergeDependencies | undefined;

/** Wires the real dependencies once per process; tests may replace them. */
export const mergeDependencies = (): MergeDependencies => {
  if (dependencies) return dependencies;
  const { TABLE_NAME } = loadConfig();
  const client = documentClient();
  const customers = new DynamoDbCustomerRepository(client, TABLE_NAME);
  const wired: MergeDependencies = {
    customers: customerDependencies().customers,
    merges: new DynamoDbMergeRepository(client, TABLE_NAME, customers, MERGE_LIMITS.pageSize),
    reverts: new DynamoDbMergeRevertRepository(client, TABLE_NAME, MERGE_LIMITS.pageSize),
    resumes: new DynamoDbMergeResumeRepository(client, TABLE_NAME),
    trigger: mergeJobTrigger((mergeId) => runMergeStep(mergeDependencies(), mergeId, MERGE_LIMITS.stepMillis)),
    clock: systemClock,
    ids: ulidGenerator(),
    limits: MERGE_LIMITS,
  };
  dependencies = wired;
  return wired;
};

export const useMergeDependencies = (replacement: MergeDependencies | undefined): void => {
  dependencies = replacement;
};
