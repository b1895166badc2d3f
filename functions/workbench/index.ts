import { loadConfig } from '#shared/core/config';
import { createFeatureHandler } from '#shared/http/feature-handler';

// Fail the cold start, not the first request, when the environment is incomplete.
loadConfig();

/**
 * Lambda entry of the workbench function (tasks, calendar, notifications, the workbench overview): one handler module per row of the route table, imported on the
 * route's first request (shared/routes.ts).
 */
export const handler = createFeatureHandler('workbench', {
  listTasks: async () => (await import('#functions/workbench/tasks/list-tasks.handler')).listTasksHandler,
  createTask: async () => (await import('#functions/workbench/tasks/create-task.handler')).createTaskHandler,
  getTask: async () => (await import('#functions/workbench/tasks/get-task.handler')).getTaskHandler,
  delegateTask: async () => (await import('#functions/workbench/tasks/delegate-task.handler')).delegateTaskHandler,
  completeTask: async () => (await import('#functions/workbench/tasks/complete-task.handler')).completeTaskHandler,
  cancelTask: async () => (await import('#functions/workbench/tasks/cancel-task.handler')).cancelTaskHandler,
  rescheduleTask: async () => (await import('#functions/workbench/tasks/reschedule-task.handler')).rescheduleTaskHandler,
  listCare: async () => (await import('#functions/workbench/care/list-care.handler')).listCareHandler,
  getCalendar: async () => (await import('#functions/workbench/calendar/get-calendar.handler')).getCalendarHandler,
  listNotifications: async () => (await import('#functions/workbench/notifications/list-notifications.handler')).listNotificationsHandler,
  getUnreadCount: async () => (await import('#functions/workbench/notifications/get-unread-count.handler')).getUnreadCountHandler,
  markNotificationRead: async () => (await import('#functions/workbench/notifications/mark-notification-read.handler')).markNotificationReadHandler,
  getNotificationPreferences: async () => (await import('#functions/workbench/notifications/get-notification-preferences.handler')).getNotificationPreferencesHandler,
  updateNotificationPreferences: async () => (await import('#functions/workbench/notifications/update-notification-preferences.handler')).updateNotificationPreferencesHandler,
  getWorkbench: async () => (await import('#functions/workbench/overview/get-workbench.handler')).getWorkbenchHandler,
});
