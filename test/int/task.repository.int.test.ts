import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbCustomerRepository } from '#functions/customers/customer/customer.repository';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { DynamoDbTaskRepository } from '#functions/workbench/tasks/task.repository';
import type { Task } from '#functions/workbench/tasks/task.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { createDocumentClient } from '#shared/db/client';
import { taskKeys } from '#shared/keys/task.keys';
import { reminderKeys } from '#shared/reminders/reminder.keys';
import { auditEntriesOf } from '#test/support/audit-entries';
import { useLocalStack } from '#test/support/e2e';

/** The task repository on DynamoDB Local: index keys, the reminder in the same transaction, exactly-once successors, lists. */
describe('DynamoDbTaskRepository on DynamoDB Local', () => {
  const ids = ulidGenerator(seededRandom(1818));
  let client: ReturnType<typeof createDocumentClient>;
  let tableName: string;
  let repository: DynamoDbTaskRepository;
  let customer: Customer;
  /** Every task of this file is assigned to a user of its own, so its lists are this file's alone. */
  const user = `task-int-${ids.next().slice(-6)}`;

  const raw = async (key: { pk: string; sk: string }) =>
    (await client.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
  const reminderKey = (task: Task) => reminderKeys.item(task.remindAt!.slice(0, 16), task.remindAt!, 'task', task.id);
  const newTask = (overrides: Partial<Task> = {}): Task => ({
    id: ids.next(),
    title: 'Call back',
    dueAt: '2031-03-04T09:00:00.000Z',
    remindAt: '2031-03-04T08:30:00.000Z',
    priority: 'normal',
    status: 'open',
    assigneeId: user,
    assigneeName: 'Int User',
    version: 1,
    createdAt: '2026-12-06T08:00:00.000Z',
    createdBy: user,
    updatedAt: '2026-12-06T08:00:00.000Z',
    updatedBy: user,
    ...overrides,
  });

  beforeAll(async () => {
    const info = useLocalStack();
    tableName = info.tableName;
    client = createDocumentClient({ region: info.region, endpoint: info.dynamodbEndpoint });
    repository = new DynamoDbTaskRepository(client, tableName);
    const id = ids.next();
    customer = {
      id, customerNo: `TK-${id.slice(-8)}`, name: 'Task Repo Customer', level: 'ordinary', status: 'active', ownerId: 'am1', ownerName: 'Li Lei',
      tags: [], version: 1, createdAt: '2026-12-06T08:00:00.000Z', createdBy: 'admin', updatedAt: '2026-12-06T08:00:00.000Z', updatedBy: 'admin',
    };
    await new DynamoDbCustomerRepository(client, tableName).create(customer);
  });
  afterAll(() => client.destroy());

  it('writes the task with its index keys, its reminder in its minute bucket and its audit entry, in one transaction', async () => {
    // Prepare
    const task = newTask({ customerId: customer.id, customerName: customer.name });

    // Act
    await repository.create(task, { customerId: customer.id, ownerId: 'am1' });

    // Assess
    const sk = `open#${task.dueAt}#${task.id}`;
    expect(await raw(taskKeys.item(task.id))).toMatchObject({
      entity: 'Task', gsi1pk: `TASK#ASSIGNEE#${user}`, gsi1sk: sk, gsi2pk: `TASK#CREATOR#${user}`, gsi2sk: sk, gsi3pk: `TASK#CUSTOMER#${customer.id}`, gsi3sk: sk,
    });
    expect(reminderKey(task).pk).toBe('REMIND#2031-03-04T08:30');
    expect(await raw(reminderKey(task))).toMatchObject({ entity: 'Reminder', recipientId: user, kind: 'task', sourceId: task.id, customerName: customer.name });
    expect((await auditEntriesOf(client, tableName, 'task', task.id)).map((entry) => entry.action)).toEqual(['create']);
  });

  it('refuses a task for a customer the account manager does not own, writing nothing', async () => {
    // Prepare
    const task = newTask({ customerId: customer.id, customerName: customer.name });

    // Act
    const refused = await repository.create(task, { customerId: customer.id, ownerId: 'am2' }).catch((error: { code: string }) => error.code);

    // Assess
    expect(refused).toBe(ErrorCode.CustomerNotFound);
    expect(await raw(taskKeys.item(task.id))).toBeUndefined();
    expect(await raw(reminderKey(task))).toBeUndefined();
  });

  it('completes one occurrence exactly once under two concurrent completions: one successor, one refusal (412)', async () => {
    // Prepare
    const task = newTask({ recurrence: 'FREQ=DAILY;COUNT=5', seriesId: undefined, occurrence: 1 });
    await repository.create(task, undefined);
    const attempt = (successorId: string) => {
      const successor = newTask({ id: successorId, dueAt: '2031-03-05T09:00:00.000Z', remindAt: '2031-03-05T08:30:00.000Z', occurrence: 2 });
      const done: Task = { ...task, status: 'done', nextTaskId: successorId, version: 2, completedAt: '2026-12-06T09:00:00.000Z', completedBy: user };
      return { successor, run: repository.update(task, done, successor) };
    };

    // Act
    const [a, b] = [attempt(ids.next()), attempt(ids.next())];
    const outcomes = await Promise.allSettled([a.run, b.run]);

    // Assess
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult).reason.code).toBe(ErrorCode.VersionConflict);
    const stored = await repository.get(task.id);
    const winner = [a, b].find((candidate) => candidate.successor.id === stored?.nextTaskId)!;
    const loser = [a, b].find((candidate) => candidate !== winner)!;
    expect(await repository.get(winner.successor.id)).toMatchObject({ status: 'open', occurrence: 2 });
    expect(await repository.get(loser.successor.id)).toBeUndefined();
    expect(await raw(reminderKey(task))).toBeUndefined();
    expect(await raw(reminderKey(winner.successor))).toMatchObject({ sourceId: winner.successor.id });
  });

  it('moves the reminder on a reschedule and a delegation (old key gone, new one there)', async () => {
    // Prepare
    const task = newTask({ dueAt: '2031-04-01T09:00:00.000Z', remindAt: '2031-04-01T08:00:00.000Z' });
    await repository.create(task, undefined);
    const moved: Task = { ...task, dueAt: '2031-04-02T09:00:00.000Z', remindAt: '2031-04-02T08:00:00.000Z', version: 2 };
    const delegated: Task = { ...moved, assigneeId: 'am2', assigneeName: 'Jane', delegatedBy: user, version: 3 };

    // Act
    await repository.update(task, moved);
    await repository.update(moved, delegated);

    // Assess
    expect(await raw(reminderKey(task))).toBeUndefined();
    expect(await raw(reminderKey(delegated))).toMatchObject({ recipientId: 'am2', dueAt: '2031-04-02T09:00:00.000Z' });
    expect((await auditEntriesOf(client, tableName, 'task', task.id)).map((entry) => entry.action)).toEqual(['create', 'update', 'assign']);
  });

  it('lists one status over a due-date range, soonest first, from the assignee and creator indexes', async () => {
    // Prepare
    const who = `task-list-${ids.next().slice(-6)}`;
    const tasks = ['2031-05-03', '2031-05-01', '2031-05-02', '2031-05-04'].map((day) =>
      newTask({ assigneeId: who, createdBy: 'sales', dueAt: `${day}T09:00:00.000Z`, remindAt: undefined }),
    );
    for (const task of tasks) await repository.create(task, undefined);
    await repository.update(tasks[3]!, { ...tasks[3]!, status: 'done', version: 2 });

    // Act
    const open = await repository.list({ assigneeId: who, status: 'open' }, { limit: 10 });
    const range = await repository.list({ assigneeId: who, status: 'open', dueFrom: '2031-05-02T09:00:00.000Z', dueTo: '2031-05-03T09:00:00.000Z' }, { limit: 10 });
    const done = await repository.list({ assigneeId: who, status: 'done' }, { limit: 10 });
    const firstPage = await repository.list({ assigneeId: who, status: 'open' }, { limit: 2 });
    const secondPage = await repository.list({ assigneeId: who, status: 'open' }, { limit: 2, startKey: firstPage.lastKey! });

    // Assess
    expect(open.items.map((task) => task.dueAt.slice(0, 10))).toEqual(['2031-05-01', '2031-05-02', '2031-05-03']);
    expect(range.items.map((task) => task.dueAt.slice(0, 10))).toEqual(['2031-05-02']);
    expect(done.items.map((task) => task.id)).toEqual([tasks[3]!.id]);
    expect([...firstPage.items, ...secondPage.items].map((task) => task.id)).toEqual(open.items.map((task) => task.id));
    expect(JSON.stringify(open.items)).not.toMatch(/gsi1pk|"pk"/);
  });
});
