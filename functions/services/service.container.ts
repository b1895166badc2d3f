import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { ServiceDependencies } from './service.dependencies';
import { DynamoDbServiceRepository } from './service.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: ServiceDependencies | undefined;

export const serviceDependencies = (): ServiceDependencies =>
  (dependencies ??= {
    services: new DynamoDbServiceRepository(documentClient(), loadConfig().TABLE_NAME),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useServiceDependencies = (replacement: ServiceDependencies | undefined): void => {
  dependencies = replacement;
};
