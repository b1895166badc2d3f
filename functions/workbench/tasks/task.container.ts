import { cognitoUserDirectory } from '#shared/auth/cognito-user-directory';
import { systemClock, ulidGenerator } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { TaskDependencies } from './task.dependencies';
import { DynamoDbTaskRepository } from './task.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: TaskDependencies | undefined;

export const taskDependencies = (): TaskDependencies =>
  (dependencies ??= {
    tasks: new DynamoDbTaskRepository(documentClient(), loadConfig().TABLE_NAME),
    directory: cognitoUserDirectory(),
    clock: systemClock,
    ids: ulidGenerator(),
  });

export const useTaskDependencies = (replacement: TaskDependencies | undefined): void => {
  dependencies = replacement;
};
