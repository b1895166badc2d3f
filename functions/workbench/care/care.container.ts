import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CareRepository } from './care.ports';
import { dynamoDbCareRepository } from './care.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: { care: CareRepository } | undefined;

export const careDependencies = (): { care: CareRepository } =>
  (dependencies ??= { care: dynamoDbCareRepository(documentClient(), loadConfig().TABLE_NAME) });

export const useCareDependencies = (replacement: { care: CareRepository } | undefined): void => {
  dependencies = replacement;
};
