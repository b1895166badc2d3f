import type { Caller } from '#shared/auth/caller';
import type { Clock } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Notification, NotificationPreferences } from '#shared/notifications/notification';
import type { NotificationRepository, PageKey } from './notification.ports';
import type { PreferencesInput } from './notification.schema';

export interface NotificationDependencies {
  readonly notifications: NotificationRepository;
  readonly clock: Clock;
}

/**
 * The caller's inbox (站内提醒), newest first; `unreadOnly` filters the same Query. Everyone reads only their own:
 * the user is the caller, never a parameter.
 */
export const listNotifications = (deps: NotificationDependencies, request: { caller: Caller; unreadOnly: boolean; page: { limit: number; startKey?: PageKey } }) =>
  deps.notifications.list(request.caller.username, { unreadOnly: request.unreadOnly, ...request.page });

/** The caller's unread count: one GetItem of the counter the deliveries and marks keep (never a count of items). */
export const unreadCount = async (deps: NotificationDependencies, request: { caller: Caller }) => ({ unread: Math.max(0, await deps.notifications.unreadCount(request.caller.username)) });

/**
 * Mark one of the caller's notifications read.
 *
 * Primary course: the notification is the caller's; If-Match names its version; it becomes read and the unread
 * count drops by one, in one transaction.
 *
 * Alternates: not the caller's or missing → NotificationNotFound (404); stale If-Match → 412; already read → 409.
 */
export const markNotificationRead = async (
  deps: NotificationDependencies,
  request: { caller: Caller; notificationId: string; expectedVersion: number },
): Promise<Notification> => {
  const notification = await deps.notifications.get(request.caller.username, request.notificationId);
  if (!notification) throw new DomainError(ErrorCode.NotificationNotFound, `Notification ${request.notificationId} does not exist.`);
  if (notification.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Notification ${notification.id} has changed since you read it (now version ${notification.version}).`);
  }
  if (notification.readAt !== undefined) throw new DomainError(ErrorCode.InvalidTransition, `Notification ${notification.id} is already read.`);
  const next: Notification = { ...notification, readAt: deps.clock.now().toISOString(), version: notification.version + 1 };
  await deps.notifications.markRead(notification, next);
  return next;
};

export const getPreferences = (deps: NotificationDependencies, request: { caller: Caller }): Promise<NotificationPreferences> =>
  deps.notifications.preferences(request.caller.username);

/**
 * Replace the caller's notification preferences (e-mail on/off, quiet hours). Before the first save the defaults
 * count as version 1 (GET answers them with ETag "1").
 *
 * Alternates: stale If-Match → 412.
 */
export const updatePreferences = async (
  deps: NotificationDependencies,
  request: { caller: Caller; input: PreferencesInput; expectedVersion: number },
): Promise<NotificationPreferences> => {
  const current = await deps.notifications.preferences(request.caller.username);
  if (current.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Your preferences have changed since you read them (now version ${current.version}).`);
  }
  const next: NotificationPreferences = {
    emailEnabled: request.input.emailEnabled,
    ...(request.input.quietHours ? { quietHours: request.input.quietHours } : {}),
    version: current.version + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  await deps.notifications.savePreferences(request.caller.username, next, current.version);
  return next;
};
