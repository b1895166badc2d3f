import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CustomerOverviewReader } from './customer-overview.ports';
import { DynamoDbCustomerOverviewReader } from './customer-overview.repository';

/** The overview's reader, once per process; tests and the bench may replace it. */
let reader: CustomerOverviewReader | undefined;

export const customerOverviewReader = (): CustomerOverviewReader =>
  (reader ??= new DynamoDbCustomerOverviewReader(documentClient(), loadConfig().TABLE_NAME));

export const useCustomerOverviewReader = (replacement: CustomerOverviewReader | undefined): void => {
  reader = replacement;
};
