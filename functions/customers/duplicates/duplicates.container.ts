import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbDuplicatePairRepository } from './duplicate-pair.repository';
import type { DuplicatePairDependencies } from './duplicates.ports';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: DuplicatePairDependencies | undefined;

export const duplicatePairDependencies = (): DuplicatePairDependencies =>
  (dependencies ??= { pairs: new DynamoDbDuplicatePairRepository(documentClient(), loadConfig().TABLE_NAME), clock: systemClock });

export const useDuplicatePairDependencies = (replacement: DuplicatePairDependencies | undefined): void => {
  dependencies = replacement;
};
