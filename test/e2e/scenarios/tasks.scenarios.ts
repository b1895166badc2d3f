import { randomInt, randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { OperationId } from '#shared/routes';
import type { api } from '#test/support/e2e';
import type { RouteScenario } from './route-scenario';

type Client = ReturnType<typeof api>;
type Task = { id: string; version: number; status: string; assigneeId: string; dueAt: string; createdBy: string; title: string };

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/**
 * A due date no other test uses (a random minute in 2031–2035): a list filtered to that minute sees only this
 * test's tasks, however many the run's other tests and the fuzzing created for the same user.
 */
export const uniqueDueAt = (): string =>
  new Date(Date.UTC(2031, 0, 1) + randomInt(0, 5 * 365 * 24 * 60) * 60_000 + randomInt(0, 60_000)).toISOString();

const windowOf = (dueAt: string) => `dueFrom=${encodeURIComponent(dueAt)}&dueTo=${encodeURIComponent(new Date(Date.parse(dueAt) + 1).toISOString())}`;

/** An open task assigned to `owner`, created by the admin. */
export const arrangeTask = async (client: Client, owner: string, extra: Record<string, unknown> = {}): Promise<Task> => {
  const created = await client.post<Task>(
    '/v1/tasks',
    { title: `E2E task ${randomUUID()}`, dueAt: uniqueDueAt(), priority: 'normal', assigneeId: owner, ...extra },
    { as: 'admin' },
  );
  expect(created.status, created.text).toBe(201);
  return created.json;
};

/** The task is still open at version 1 with its assignee. */
export const expectTaskUntouched = async (client: Client, task: Task): Promise<void> => {
  const current = await client.get<Task>(`/v1/tasks/${task.id}`, { as: 'admin' });
  expect(current.status, current.text).toBe(200);
  expect(current.json).toMatchObject({ version: 1, status: 'open', assigneeId: task.assigneeId, dueAt: task.dueAt });
};

const change = (path: string, body: (task: Task) => unknown, expected: (task: Task) => Record<string, unknown>): RouteScenario => ({
  target: 'record',
  successStatus: 200,
  async arrange(client, owner) {
    const task = await arrangeTask(client, owner);
    return {
      method: 'POST',
      path: `/v1/tasks/${task.id}/${path}`,
      body: body(task),
      headers: ifMatch(task.version),
      assertUnchanged: () => expectTaskUntouched(client, task),
      assertSuccess: (response) => {
        expect(response.json).toMatchObject({ id: task.id, version: 2, ...expected(task) });
      },
    };
  },
});

/** How to exercise each task route in the generated authorization matrix. */
export const TASK_SCENARIOS = {
  listTasks: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const task = await arrangeTask(client, owner);
      return {
        method: 'GET',
        path: `/v1/tasks?assigneeId=${owner}&${windowOf(task.dueAt)}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect((response.json as { items: Task[] }).items.map((item) => item.id)).toEqual([task.id]);
        },
      };
    },
  },
  createTask: {
    target: 'collection',
    successStatus: 201,
    async arrange(client, owner) {
      const dueAt = uniqueDueAt();
      return {
        method: 'POST',
        path: '/v1/tasks',
        body: { title: 'Prepare the quarterly review', dueAt, priority: 'high', assigneeId: owner },
        assertUnchanged: async () => {
          const found = await client.get<{ items: unknown[] }>(`/v1/tasks?assigneeId=${owner}&${windowOf(dueAt)}`, { as: 'admin' });
          expect(found.json.items).toEqual([]);
        },
        assertSuccess: (response, caller) => {
          expect(response.json).toMatchObject({ status: 'open', createdBy: caller, assigneeId: owner, dueAt, version: 1 });
          expect(response.headers.get('location')).toMatch(/^\/v1\/tasks\/[0-9A-Z]{26}$/);
        },
      };
    },
  },
  getTask: {
    target: 'record',
    successStatus: 200,
    async arrange(client, owner) {
      const task = await arrangeTask(client, owner);
      return {
        method: 'GET',
        path: `/v1/tasks/${task.id}`,
        assertUnchanged: () => expectTaskUntouched(client, task),
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ id: task.id, assigneeId: owner });
        },
      };
    },
  },
  delegateTask: change('delegate', () => ({ assigneeId: 'sales', note: 'Please cover while I travel.' }), () => ({ assigneeId: 'sales' })),
  completeTask: change('complete', () => ({ result: 'Done.' }), () => ({ status: 'done' })),
  cancelTask: change('cancel', () => ({ reason: 'No longer needed.' }), () => ({ status: 'cancelled' })),
  rescheduleTask: change(
    'reschedule',
    (task) => ({ dueAt: new Date(Date.parse(task.dueAt) + 86_400_000).toISOString() }),
    (task) => ({ dueAt: new Date(Date.parse(task.dueAt) + 86_400_000).toISOString() }),
  ),
  getCalendar: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      const task = await arrangeTask(client, owner);
      const to = new Date(Date.parse(task.dueAt) + 1).toISOString();
      return {
        method: 'GET',
        path: `/v1/calendar?from=${encodeURIComponent(task.dueAt)}&to=${encodeURIComponent(to)}&userId=${owner}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          expect(response.json).toMatchObject({ userId: owner, truncated: false, items: [{ kind: 'task', id: task.id, at: task.dueAt }] });
        },
      };
    },
  },
  getWorkbench: {
    target: 'collection',
    successStatus: 200,
    async arrange(client, owner) {
      // Overdue by a few seconds: the workbench lists the most recently due overdue first (cut at 100).
      const task = await arrangeTask(client, owner, { dueAt: new Date(Date.now() - randomInt(1_000, 5_000)).toISOString() });
      return {
        method: 'GET',
        path: `/v1/workbench?userId=${owner}`,
        assertUnchanged: async () => undefined,
        assertSuccess: (response) => {
          const workbench = response.json as { userId: string; tasks: { overdue: { id: string }[] }; unreadNotifications: number };
          expect(workbench.userId).toBe(owner);
          expect(workbench.tasks.overdue.map((entry) => entry.id)).toContain(task.id);
        },
      };
    },
  },
} satisfies Partial<Record<OperationId, RouteScenario>>;
