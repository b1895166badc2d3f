import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { Notification, NotificationPreferences } from './notification';
import { notificationKeys } from './notification.keys';

/** A notification in its user's inbox; on the pending-mail index only while its mail is pending. */
export const notificationEntity = defineEntity<Notification>({
  name: 'Notification',
  fields: fieldsOf<Notification>()(
    'id', 'userId', 'kind', 'title', 'dueAt', 'sourceId', 'path', 'customerId', 'customerName', 'remindAt', 'createdAt', 'readAt',
    'mailStatus', 'sendAfter', 'mailedAt', 'mailError', 'version',
  ),
  keyOf: (notification) => notificationKeys.item(notification.userId, notification.id),
  indexesOf: (notification) => {
    const pending = notification.mailStatus === 'pending' && notification.sendAfter !== undefined;
    const { pendingMail } = notificationKeys;
    return {
      [pendingMail.pkAttribute]: pending ? pendingMail.pk() : undefined,
      [pendingMail.skAttribute]: pending ? notificationKeys.pendingMailSortKey(notification.sendAfter!, notification.id) : undefined,
    };
  },
});

/** A user's notification preferences (absent: DEFAULT_PREFERENCES). */
export const preferencesEntity = defineEntity<NotificationPreferences & { userId: string }>({
  name: 'NotificationPreferences',
  fields: fieldsOf<NotificationPreferences & { userId: string }>()('userId', 'emailEnabled', 'quietHours', 'version', 'updatedAt'),
  keyOf: (preferences) => notificationKeys.preferences(preferences.userId),
});
