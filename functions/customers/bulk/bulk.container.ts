import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { customerDependencies } from '#functions/customers/customer/customer.container';
import type { BulkDependencies } from './bulk.dependencies';
import { DynamoDbBulkAnswers } from './bulk-answers.repository';

let dependencies: BulkDependencies | undefined;

/** Wires the real dependencies once per process; tests may replace them. */
export const bulkDependencies = (): BulkDependencies =>
  (dependencies ??= {
    customer: customerDependencies(),
    answers: new DynamoDbBulkAnswers(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
  });

export const useBulkDependencies = (replacement: BulkDependencies | undefined): void => {
  dependencies = replacement;
};
