import type { Notification, NotificationPreferences } from '#shared/notifications/notification';

export type PageKey = Record<string, string | number>;

export interface NotificationRepository {
  /** One page of the user's inbox, newest first. */
  list(userId: string, options: { unreadOnly: boolean; limit: number; startKey?: PageKey }): Promise<{ items: Notification[]; lastKey?: PageKey }>;
  unreadCount(userId: string): Promise<number>;
  get(userId: string, notificationId: string): Promise<Notification | undefined>;
  /** Marks read if still at `previous.version` and unread (else VersionConflict), lowering the unread count in the same transaction. */
  markRead(previous: Notification, next: Notification): Promise<void>;
  preferences(userId: string): Promise<NotificationPreferences>;
  /** Writes the preferences if the stored version is still `expectedVersion` (1 = never stored), else VersionConflict. */
  savePreferences(userId: string, preferences: NotificationPreferences, expectedVersion: number): Promise<void>;
}
