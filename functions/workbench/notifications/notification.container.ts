import { systemClock } from '#shared/core/clock';
import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import { DynamoDbNotificationRepository } from './notification.repository';
import type { NotificationDependencies } from './notifications.use-case';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: NotificationDependencies | undefined;

export const notificationDependencies = (): NotificationDependencies =>
  (dependencies ??= { notifications: new DynamoDbNotificationRepository(documentClient(), loadConfig().TABLE_NAME), clock: systemClock });

export const useNotificationDependencies = (replacement: NotificationDependencies | undefined): void => {
  dependencies = replacement;
};
