import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbCustomerSearchIndex } from './customer-search.repository';
import type { CustomerSearchDependencies } from './search-customers.use-case';

/** Wires the real search index once per process; tests and the bench may replace it. */
let dependencies: CustomerSearchDependencies | undefined;

export const customerSearchDependencies = (): CustomerSearchDependencies =>
  (dependencies ??= { index: new DynamoDbCustomerSearchIndex(documentClient(), loadConfig().TABLE_NAME) });

export const useCustomerSearchDependencies = (replacement: CustomerSearchDependencies | undefined): void => {
  dependencies = replacement;
};
