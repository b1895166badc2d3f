import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { customerReadGuard } from '#shared/read-guard/read-guard.container';
import type { CustomerDependencies } from './customer.dependencies';
import { DynamoDbCustomerRepository } from './customer.repository';
import { DynamoDbDuplicateFinder } from '#shared/duplicates/duplicate-finder.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: CustomerDependencies | undefined;

export const customerDependencies = (): CustomerDependencies =>
  (dependencies ??= {
    customers: new DynamoDbCustomerRepository(documentClient(), loadConfig().TABLE_NAME),
    duplicates: new DynamoDbDuplicateFinder(documentClient(), loadConfig().TABLE_NAME),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
    readGuard: customerReadGuard(),
  });

export const useCustomerDependencies = (replacement: CustomerDependencies | undefined): void => {
  dependencies = replacement;
};
