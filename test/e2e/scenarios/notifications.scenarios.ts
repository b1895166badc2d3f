import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { reminderJobDependencies } from '#functions/jobs/reminders.container';
import type { ReminderJobStore } from '#functions/jobs/reminders.ports';
import { runReminders, type ReminderJobDependencies } from '#functions/jobs/reminders.use-case';
import type { OperationId } from '#shared/routes';
import { createDocumentClient } from '#shared/db/client';
import { reminderEntity } from '#shared/reminders/reminder.entity';
import { useLocalStack, type api } from '#test/support/e2e';
import type { RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
export type NotificationItem = { id: string; version: number; sourceId: string; readAt?: string; mailStatus?: string; title: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * The job's dependencies with no mail due: a run delivers its window's reminders and sends nothing. The pending mail
 * is the whole table's (every test file's e-mail-enabled users), so sending it here made this arrange's time follow the
 * suite's backlog — a full run timed the fuzz of the inbox routes out. Mail is the reminder e2e tests' subject.
 */
const deliveryOnly = (): ReminderJobDependencies => {
  const deps = reminderJobDependencies();
  const store: ReminderJobStore = Object.create(deps.store);
  store.pendingMail = async () => [];
  return { ...deps, store };
};

/**
 * A reminder for `recipient` that fell due a second ago, delivered by one run of the reminder job — the very use case
 * and repositories the scheduled Lambda runs — over just that window (`since`: the checkpoint stays untouched).
 * Answers the notification it became.
 */
export const arrangeNotification = async (client: Client, recipient: string, title = `E2E reminder ${randomUUID()}`): Promise<NotificationItem> => {
  const info = useLocalStack();
  const documents = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
  const sourceId = `01J${randomUUID().replace(/-/g, '').toUpperCase().replace(/[ILOU]/g, 'X').slice(0, 23)}`;
  const remindAt = new Date(Date.now() - 1000).toISOString();
  await documents.send(new PutCommand({
    TableName: info.tableName,
    Item: reminderEntity.toItem({ remindAt, kind: 'task', sourceId, recipientId: recipient, title, dueAt: new Date(Date.now() + 3_600_000).toISOString(), path: `/v1/tasks/${sourceId}` }),
  }));
  documents.destroy();
  await runReminders(deliveryOnly(), { since: remindAt });
  const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: recipient });
  const found = inbox.json.items.find((item) => item.sourceId === sourceId);
  expect(found, inbox.text).toBeDefined();
  return found!;
};

const expectUnread = async (client: Client, recipient: string, notificationId: string) => {
  const inbox = await client.get<{ items: NotificationItem[] }>('/v1/notifications?limit=100', { as: recipient });
  expect(inbox.json.items.find((item) => item.id === notificationId)).toMatchObject({ version: 1 });
  expect(inbox.json.items.find((item) => item.id === notificationId)?.readAt).toBeUndefined();
};

/** How to exercise each inbox route in the generated authorization matrix: everyone works on their own. */
export const NOTIFICATION_SCENARIOS = {
  listNotifications: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const notification = await arrangeNotification(client, owner);
      return {
        method: 'GET',
        path: '/v1/notifications?unread=true&limit=100',
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          const items = (response.json as { items: NotificationItem[] }).items;
          expect(items.every((item) => item.readAt === undefined)).toBe(true);
          if (caller === owner) expect(items.map((item) => item.id)).toContain(notification.id);
          else expect(items.map((item) => item.id)).not.toContain(notification.id);
        },
      };
    },
  },
  getUnreadCount: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      await arrangeNotification(client, owner);
      return {
        method: 'GET',
        path: '/v1/notifications/unread-count',
        assertUnchanged: async () => undefined,
        assertSuccess: (response, caller) => {
          if (caller === owner) expect((response.json as { unread: number }).unread).toBeGreaterThanOrEqual(1);
        },
      };
    },
  },
  markNotificationRead: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const notification = await arrangeNotification(client, owner);
      return {
        method: 'POST',
        path: `/v1/notifications/${notification.id}/read`,
        headers: ifMatch(1),
        assertUnchanged: () => expectUnread(client, owner, notification.id),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: notification.id, version: 2 });
          expect((response.json as NotificationItem).readAt).toBeDefined();
        },
      };
    },
  },
  getNotificationPreferences: {
    target: 'collection',
    successStatus: 200,
    async arrange() {
      return {
        method: 'GET',
        path: '/v1/me/notification-preferences',
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect(typeof (response.json as { emailEnabled: unknown }).emailEnabled).toBe('boolean');
        },
      };
    },
  },
  updateNotificationPreferences: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const current = await client.get<{ version: number; emailEnabled: boolean }>('/v1/me/notification-preferences', { as: owner });
      return {
        method: 'PUT',
        path: '/v1/me/notification-preferences',
        body: { emailEnabled: true, quietHours: { start: '23:00', end: '06:00', timeZone: 'Asia/Shanghai' } },
        headers: ifMatch(current.json.version),
        assertUnchanged: async () => {
          const after = await client.get<{ version: number }>('/v1/me/notification-preferences', { as: owner });
          expect(after.json.version).toBe(current.json.version);
        },
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ emailEnabled: true, quietHours: { start: '23:00' } });
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
