import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { DunningDependencies } from './dunning.dependencies';
import { DynamoDbDunningRepository } from './dunning.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: DunningDependencies | undefined;

export const dunningDependencies = (): DunningDependencies =>
  (dependencies ??= {
    dunning: new DynamoDbDunningRepository(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useDunningDependencies = (replacement: DunningDependencies | undefined): void => {
  dependencies = replacement;
};
