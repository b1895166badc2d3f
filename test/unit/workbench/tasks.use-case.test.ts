import { beforeEach, describe, expect, it } from 'vitest';
import { cancelTask } from '#functions/workbench/tasks/cancel-task.use-case';
import { completeTask } from '#functions/workbench/tasks/complete-task.use-case';
import { createTask } from '#functions/workbench/tasks/create-task.use-case';
import { delegateTask } from '#functions/workbench/tasks/delegate-task.use-case';
import { getTask } from '#functions/workbench/tasks/get-task.use-case';
import { listTasks } from '#functions/workbench/tasks/list-tasks.use-case';
import { rescheduleTask } from '#functions/workbench/tasks/reschedule-task.use-case';
import type { CreateTaskInput } from '#functions/workbench/tasks/task.schema';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { callers } from '#test/fakes/customer-test-kit';
import { taskTestKit } from '#test/fakes/task-test-kit';

const exec = { username: 'exec', scope: 'all' } as const;
const DUE = '2026-12-08T09:00:00.000Z';

describe('task use cases', () => {
  let kit: ReturnType<typeof taskTestKit>;
  const create = (caller: Caller, input: Partial<CreateTaskInput> = {}) =>
    createTask(kit.deps, { caller, input: { title: '回访客户', dueAt: DUE, priority: 'normal', ...input } });
  const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code?: string }) => error.code);

  beforeEach(() => {
    kit = taskTestKit();
  });

  it('creates a task for oneself with a reminder to the assignee, and a manager creates one for a teammate', async () => {
    // Act
    const own = (await create(callers.am1, { remindAt: '2026-12-08T08:30:00.000Z', customerId: kit.customers.ofAm1.id })).task;
    const assigned = (await create(callers.sales, { assigneeId: 'am2' })).task;

    // Assess
    expect(own).toMatchObject({ status: 'open', assigneeId: 'am1', assigneeName: '李雷 Li Lei', createdBy: 'am1', customerName: '北京石油', version: 1 });
    expect(kit.tasks.reminders.get(own.id)).toMatchObject({ remindAt: '2026-12-08T08:30:00.000Z', recipientId: 'am1', kind: 'task', path: `/v1/tasks/${own.id}` });
    expect(assigned).toMatchObject({ assigneeId: 'am2', assigneeName: 'Jane Doe', createdBy: 'sales' });
    expect(kit.tasks.reminders.has(assigned.id)).toBe(false);
  });

  it('refuses bad creates: another assignee for an account manager, a disabled assignee, a past or late reminder, an endless or too frequent rule, a customer not theirs', async () => {
    // Act + Assess
    expect(await codeOf(create(callers.am1, { assigneeId: 'am2' }))).toBe(ErrorCode.Forbidden);
    expect(await codeOf(create(callers.sales, { assigneeId: 'gone' }))).toBe(ErrorCode.InvalidAssignee);
    expect(await codeOf(create(callers.sales, { assigneeId: 'exec' }))).toBe(ErrorCode.InvalidAssignee);
    expect(await codeOf(create(callers.am1, { remindAt: '2026-12-07T07:59:00.000Z' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(create(callers.am1, { remindAt: '2026-12-08T09:00:01.000Z' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(create(callers.am1, { recurrence: 'FREQ=DAILY' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(create(callers.am1, { recurrence: 'FREQ=SECONDLY;COUNT=5' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(create(callers.am1, { recurrence: 'FREQ=DAILY;BYHOUR=1,2,3;COUNT=5' }))).toBe(ErrorCode.ValidationFailed);
    expect(await codeOf(create(callers.am1, { customerId: kit.customers.ofAm2.id }))).toBe(ErrorCode.CustomerNotFound);
    expect(kit.tasks.tasks.size).toBe(0);
  });

  it('completes a recurring task: the next occurrence exists exactly once, at the rule\'s next date with the same reminder lead, and the series ends on its last', async () => {
    // Prepare: weekly, three occurrences, reminded 30 minutes ahead.
    const first = (await create(callers.am1, { recurrence: 'FREQ=WEEKLY;COUNT=3', remindAt: '2026-12-08T08:30:00.000Z' })).task;

    // Act
    const done = await completeTask(kit.deps, { caller: callers.am1, taskId: first.id, expectedVersion: 1, input: { result: 'Called.' } });
    const again = await codeOf(completeTask(kit.deps, { caller: callers.am1, taskId: first.id, expectedVersion: 1, input: {} }));
    const second = done.next!;
    const third = (await completeTask(kit.deps, { caller: callers.am1, taskId: second.id, expectedVersion: 1, input: {} })).next!;
    const last = await completeTask(kit.deps, { caller: callers.am1, taskId: third.id, expectedVersion: 1, input: {} });

    // Assess
    expect(done).toMatchObject({ status: 'done', result: 'Called.', completedBy: 'am1', nextTaskId: second.id, version: 2 });
    expect(again).toBe(ErrorCode.VersionConflict);
    expect(second).toMatchObject({ dueAt: '2026-12-15T09:00:00.000Z', remindAt: '2026-12-15T08:30:00.000Z', occurrence: 2, seriesId: first.id, status: 'open' });
    expect(third).toMatchObject({ dueAt: '2026-12-22T09:00:00.000Z', occurrence: 3 });
    expect(last.next).toBeUndefined();
    expect(last.nextTaskId).toBeUndefined();
    expect([...kit.tasks.tasks.values()].filter((task) => task.seriesId === first.id)).toHaveLength(3);
    expect([...kit.tasks.reminders.keys()]).toEqual([]);
  });

  it('delegates to a teammate: the reminder follows, the teammate sees it, the delegating account manager (not its creator) no longer does', async () => {
    // Prepare: a manager gives am1 a task with a reminder.
    const task = (await create(callers.sales, { assigneeId: 'am1', remindAt: '2026-12-08T08:00:00.000Z' })).task;

    // Act
    const delegated = await delegateTask(kit.deps, { caller: callers.am1, taskId: task.id, expectedVersion: 1, input: { assigneeId: 'am2', note: 'On leave' } });

    // Assess
    expect(delegated).toMatchObject({ assigneeId: 'am2', delegatedBy: 'am1', delegationNote: 'On leave', version: 2 });
    expect(kit.tasks.reminders.get(task.id)?.recipientId).toBe('am2');
    expect((await getTask(kit.deps, { caller: callers.am2, taskId: task.id })).id).toBe(task.id);
    expect(await codeOf(getTask(kit.deps, { caller: callers.am1, taskId: task.id }))).toBe(ErrorCode.TaskNotFound);
    expect(await codeOf(delegateTask(kit.deps, { caller: callers.am2, taskId: task.id, expectedVersion: 2, input: { assigneeId: 'gone' } }))).toBe(ErrorCode.InvalidAssignee);
    expect(await codeOf(delegateTask(kit.deps, { caller: callers.am2, taskId: task.id, expectedVersion: 2, input: { assigneeId: 'am2' } }))).toBe(ErrorCode.InvalidTransition);
  });

  it('shows a task through its customer to the customer\'s owner, read-only; hides it from anyone else', async () => {
    // Prepare: am1's task about am2's customer, created by a manager.
    const task = (await create(callers.sales, { assigneeId: 'am1', customerId: kit.customers.ofAm2.id })).task;
    const other = (await create(callers.am1)).task;

    // Act + Assess
    expect((await getTask(kit.deps, { caller: callers.am2, taskId: task.id })).customerName).toBe('Acme');
    expect(await codeOf(cancelTask(kit.deps, { caller: callers.am2, taskId: task.id, expectedVersion: 1, input: {} }))).toBe(ErrorCode.Forbidden);
    expect(await codeOf(getTask(kit.deps, { caller: callers.am2, taskId: other.id }))).toBe(ErrorCode.TaskNotFound);
    expect((await getTask(kit.deps, { caller: exec, taskId: other.id })).id).toBe(other.id);
    expect((await listTasks(kit.deps, { caller: callers.am2, filters: { customerId: kit.customers.ofAm2.id, status: 'open' }, page: { limit: 10 } })).items.map((item) => item.id)).toEqual([task.id]);
    expect((await listTasks(kit.deps, { caller: callers.am2, filters: { assigneeId: 'am1', status: 'open' }, page: { limit: 10 } })).items).toEqual([]);
    expect((await listTasks(kit.deps, { caller: callers.am2, filters: { customerId: kit.customers.ofAm1.id, status: 'open' }, page: { limit: 10 } })).items).toEqual([]);
    expect((await listTasks(kit.deps, { caller: callers.sales, filters: { createdBy: 'sales', status: 'open' }, page: { limit: 10 } })).items.map((item) => item.id)).toEqual([task.id]);
    expect((await listTasks(kit.deps, { caller: callers.am1, filters: { status: 'open' }, page: { limit: 10 } })).items).toHaveLength(2);
  });

  it('reschedules keeping the reminder lead, drops the reminder on null, and refuses changes to a cancelled task', async () => {
    // Prepare
    const task = (await create(callers.am1, { remindAt: '2026-12-08T08:00:00.000Z' })).task;

    // Act
    const moved = await rescheduleTask(kit.deps, { caller: callers.am1, taskId: task.id, expectedVersion: 1, input: { dueAt: '2026-12-09T10:00:00.000Z' } });
    const reminderAfterMove = kit.tasks.reminders.get(task.id);
    const quiet = await rescheduleTask(kit.deps, { caller: callers.am1, taskId: task.id, expectedVersion: 2, input: { dueAt: '2026-12-09T11:00:00.000Z', remindAt: null } });
    const late = await codeOf(rescheduleTask(kit.deps, { caller: callers.am1, taskId: task.id, expectedVersion: 3, input: { dueAt: '2026-12-10T11:00:00.000Z', remindAt: '2026-12-01T00:00:00.000Z' } }));
    const cancelled = await cancelTask(kit.deps, { caller: callers.am1, taskId: task.id, expectedVersion: 3, input: { reason: 'Customer moved the meeting' } });
    const afterCancel = await codeOf(completeTask(kit.deps, { caller: callers.am1, taskId: task.id, expectedVersion: 4, input: {} }));

    // Assess
    expect(moved).toMatchObject({ dueAt: '2026-12-09T10:00:00.000Z', remindAt: '2026-12-09T09:00:00.000Z', version: 2 });
    expect(reminderAfterMove?.remindAt).toBe('2026-12-09T09:00:00.000Z');
    expect(quiet.remindAt).toBeUndefined();
    expect(late).toBe(ErrorCode.ValidationFailed);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Customer moved the meeting', version: 4 });
    expect(afterCancel).toBe(ErrorCode.InvalidTransition);
    expect(kit.tasks.reminders.size).toBe(0);
  });

  it('replays an idempotent create and refuses the key with another body', async () => {
    // Prepare
    const idempotency = { username: 'am1', operationId: 'createTask', key: 'key-00000001', fingerprint: 'a' };

    // Act
    const first = await createTask(kit.deps, { caller: callers.am1, input: { title: 'x', dueAt: DUE, priority: 'low' }, idempotency });
    const replay = await createTask(kit.deps, { caller: callers.am1, input: { title: 'x', dueAt: DUE, priority: 'low' }, idempotency });
    const reused = await codeOf(createTask(kit.deps, { caller: callers.am1, input: { title: 'y', dueAt: DUE, priority: 'low' }, idempotency: { ...idempotency, fingerprint: 'b' } }));

    // Assess
    expect(replay).toEqual({ kind: 'replayed', task: first.task });
    expect(reused).toBe(ErrorCode.IdempotencyKeyReused);
    expect(kit.tasks.tasks.size).toBe(1);
  });
});
