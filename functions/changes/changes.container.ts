import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { ChangesDependencies } from './changes.ports';
import { DynamoDbChangeFeedReader } from './changes.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: ChangesDependencies | undefined;

export const changesDependencies = (): ChangesDependencies =>
  (dependencies ??= { feed: new DynamoDbChangeFeedReader(documentClient(), loadConfig().TABLE_NAME), clock: systemClock });

export const useChangesDependencies = (replacement: ChangesDependencies | undefined): void => {
  dependencies = replacement;
};
