import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { activityIdGenerator } from './activity-id';
import type { ActivityDependencies } from './activity.dependencies';
import { DynamoDbActivityRepository } from './activity.repository';

/** Wires the real dependencies once per process; tests and the bench may replace them. */
let dependencies: ActivityDependencies | undefined;

export const activityDependencies = (): ActivityDependencies =>
  (dependencies ??= {
    activities: new DynamoDbActivityRepository(documentClient(), loadConfig().TABLE_NAME),
    clock: systemClock,
    ids: activityIdGenerator(),
    directory: cognitoUserDirectory(),
  });

export const useActivityDependencies = (replacement: ActivityDependencies | undefined): void => {
  dependencies = replacement;
};
