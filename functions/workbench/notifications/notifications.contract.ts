import type { RouteContract } from '#shared/http/contract';
import {
  listNotificationsQuery,
  notificationIdParams,
  notificationListSchema,
  notificationSchema,
  preferencesBody,
  preferencesSchema,
  unreadCountSchema,
} from './notification.schema';

const preferences = { description: "The caller's notification preferences", schema: preferencesSchema, name: 'NotificationPreferences' };

/** The contracts of the inbox and preferences routes (see shared/http/contract.ts). */
export const notificationsContracts = {
  listNotifications: {
    query: listNotificationsQuery,
    responses: { 200: { description: "A page of the caller's notifications, newest first", schema: notificationListSchema, name: 'NotificationList' } },
  },
  getUnreadCount: { responses: { 200: { description: "The caller's unread notifications", schema: unreadCountSchema, name: 'UnreadCount' } } },
  markNotificationRead: {
    params: notificationIdParams,
    problems: [409],
    responses: { 200: { description: 'The notification, read', schema: notificationSchema, name: 'Notification' } },
  },
  getNotificationPreferences: { responses: { 200: preferences } },
  updateNotificationPreferences: {
    body: preferencesBody,
    bodyName: 'NotificationPreferencesRequest',
    bodyExample: { emailEnabled: true, quietHours: { start: '22:00', end: '07:30', timeZone: 'Asia/Shanghai' } },
    responses: { 200: preferences },
  },
} satisfies Record<string, RouteContract>;
