import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenarios';
import { arrangeTask, expectTaskUntouched, uniqueDueAt } from './scenarios/tasks.scenarios';

type Client = ReturnType<typeof api>;
type Task = { id: string; version: number; status: string; assigneeId: string; dueAt: string; remindAt?: string; occurrence?: number; nextTaskId?: string; next?: Task; createdBy: string };

const json = { 'content-type': 'application/json' };
const v1 = { 'if-match': '"1"' };
const task = (id: string) => `/v1/tasks/${id}`;
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

interface BadRequest {
  readonly label: string;
  readonly method: 'GET' | 'POST';
  readonly path: (id: string) => string;
  readonly as?: string;
  /** Built with the due date of the create (a minute no other test uses), so that "nothing written" can be checked. */
  readonly body?: unknown | ((dueAt: string) => unknown);
  readonly headers?: Record<string, string>;
  readonly status: number;
  readonly field?: string;
}

const valid = (dueAt: string) => ({ title: 'Call back', dueAt, assigneeId: 'am1' });

/** Bad input for every task route: a problem response (never a 5xx); the arranged task and am1's list stay as they were. */
const BAD_REQUESTS: BadRequest[] = [
  // POST /v1/tasks
  { label: 'malformed JSON', method: 'POST', path: () => '/v1/tasks', body: '{"title":', headers: json, status: 400 },
  { label: 'no title', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ dueAt: d }), status: 400, field: 'body.title' },
  { label: 'a due date that is not an instant', method: 'POST', path: () => '/v1/tasks', body: { title: 't', dueAt: 'tomorrow' }, status: 400, field: 'body.dueAt' },
  { label: 'a reminder in the past', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), remindAt: '2020-01-01T00:00:00Z' }), status: 400, field: 'body.remindAt' },
  { label: 'a reminder after the due date', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), remindAt: new Date(Date.parse(d) + 60_000).toISOString() }), status: 400, field: 'body.remindAt' },
  { label: 'an RRULE that never ends', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), recurrence: 'FREQ=WEEKLY' }), status: 400, field: 'body.recurrence' },
  { label: 'an RRULE that fires every second', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), recurrence: 'FREQ=SECONDLY;COUNT=100' }), status: 400, field: 'body.recurrence' },
  { label: 'an RRULE with hourly BYHOUR', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), recurrence: 'FREQ=DAILY;BYHOUR=1,2,3;COUNT=3' }), status: 400, field: 'body.recurrence' },
  { label: 'an RRULE that is not one', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), recurrence: 'every monday' }), status: 400, field: 'body.recurrence' },
  { label: 'an unknown priority', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), priority: 'urgent' }), status: 400, field: 'body.priority' },
  { label: 'a client-set status', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), status: 'done' }), status: 400, field: 'body.status' },
  { label: 'a disabled or unknown assignee', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), assigneeId: 'nobody' }), status: 400, field: 'body.assigneeId' },
  { label: 'an executive assignee', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), assigneeId: 'exec' }), status: 400, field: 'body.assigneeId' },
  { label: 'an unknown customer', method: 'POST', path: () => '/v1/tasks', body: (d: string) => ({ ...valid(d), customerId: '01JZZZZZZZZZZZZZZZZZZZZZZZ' }), status: 404 },
  { label: 'a task for a teammate by an account manager', method: 'POST', path: () => '/v1/tasks', as: 'am2', body: valid, status: 403 },
  { label: 'a create by an executive', method: 'POST', path: () => '/v1/tasks', as: 'exec', body: valid, status: 403 },
  // GET /v1/tasks
  { label: 'two list views at once', method: 'GET', path: () => '/v1/tasks?assigneeId=am1&createdBy=am1', status: 400, field: 'query.assigneeId' },
  { label: 'an unknown status', method: 'GET', path: () => '/v1/tasks?status=late', status: 400, field: 'query.status' },
  { label: 'dueFrom after dueTo', method: 'GET', path: () => '/v1/tasks?dueFrom=2026-12-02T00:00:00Z&dueTo=2026-12-01T00:00:00Z', status: 400, field: 'query.dueTo' },
  { label: 'a forged cursor', method: 'GET', path: () => '/v1/tasks?cursor=eyJrIjp7InBrIjoiWCJ9fQ.AAAA', status: 400 },
  // GET /v1/tasks/{id}
  { label: 'a malformed id', method: 'GET', path: () => task('nope'), status: 400, field: 'params.taskId' },
  { label: 'an unknown id', method: 'GET', path: () => task('01JZZZZZZZZZZZZZZZZZZZZZZZ'), status: 404 },
  { label: 'another account manager\'s task', method: 'GET', path: task, as: 'am2', status: 404 },
  // POST …/delegate
  { label: 'a delegation without If-Match', method: 'POST', path: (id) => `${task(id)}/delegate`, body: { assigneeId: 'am2' }, status: 428 },
  { label: 'a delegation with a stale If-Match', method: 'POST', path: (id) => `${task(id)}/delegate`, body: { assigneeId: 'am2' }, headers: { 'if-match': '"7"' }, status: 412 },
  { label: 'a delegation to an unknown user', method: 'POST', path: (id) => `${task(id)}/delegate`, body: { assigneeId: 'nobody' }, headers: v1, status: 400, field: 'body.assigneeId' },
  { label: 'a delegation to the current assignee', method: 'POST', path: (id) => `${task(id)}/delegate`, body: { assigneeId: 'am1' }, headers: v1, status: 409 },
  { label: 'a delegation by another account manager', method: 'POST', path: (id) => `${task(id)}/delegate`, as: 'am2', body: { assigneeId: 'am2' }, headers: v1, status: 404 },
  // POST …/complete, …/cancel, …/reschedule
  { label: 'a completion without a body', method: 'POST', path: (id) => `${task(id)}/complete`, headers: { ...v1, ...json }, status: 400 },
  { label: 'a completion with a client-set field', method: 'POST', path: (id) => `${task(id)}/complete`, body: { status: 'done', completedBy: 'x' }, headers: v1, status: 400, field: 'body.status' },
  { label: 'a cancel without If-Match', method: 'POST', path: (id) => `${task(id)}/cancel`, body: {}, status: 428 },
  { label: 'a cancel by an executive', method: 'POST', path: (id) => `${task(id)}/cancel`, as: 'exec', body: {}, headers: v1, status: 403 },
  { label: 'a reschedule without a due date', method: 'POST', path: (id) => `${task(id)}/reschedule`, body: {}, headers: v1, status: 400, field: 'body.dueAt' },
  { label: 'a reschedule with a reminder in the past', method: 'POST', path: (id) => `${task(id)}/reschedule`, body: { dueAt: '2032-01-01T00:00:00Z', remindAt: '2020-01-01T00:00:00Z' }, headers: v1, status: 400, field: 'body.remindAt' },
];

describe('tasks through the local gateway', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  it('runs a weekly task for an account manager: reminder kept, next occurrence created once on completion, series ends', async () => {
    // Prepare: am1 plans a call for a customer of theirs, weekly, twice, reminded 15 minutes ahead.
    const customer = await arrangeCustomer(client, 'am1');
    const dueAt = new Date(Date.parse(inAnHour()) + 15 * 60_000).toISOString();
    const created = await client.post<Task>('/v1/tasks', { title: '回访 weekly', dueAt, remindAt: inAnHour(), customerId: customer.id, recurrence: 'FREQ=WEEKLY;COUNT=2' }, { as: 'am1' });
    expect(created.status, created.text).toBe(201);

    // Act
    const completed = await client.post<Task>(`${task(created.json.id)}/complete`, { result: 'Reached them.' }, { as: 'am1', headers: v1 });
    const again = await client.post(`${task(created.json.id)}/complete`, {}, { as: 'am1', headers: v1 });
    const next = completed.json.next!;
    const last = await client.post<Task>(`${task(next.id)}/complete`, {}, { as: 'am1', headers: v1 });
    const ofCustomer = await client.get<{ items: Task[] }>(`/v1/tasks?customerId=${customer.id}&status=done`, { as: 'am1' });

    // Assess
    expect(completed.status, completed.text).toBe(200);
    expect(completed.json).toMatchObject({ status: 'done', nextTaskId: next.id, version: 2 });
    expect(next).toMatchObject({ occurrence: 2, dueAt: new Date(Date.parse(dueAt) + 7 * 86_400_000).toISOString(), assigneeId: 'am1', status: 'open' });
    expect(next.remindAt).toBe(new Date(Date.parse(created.json.remindAt!) + 7 * 86_400_000).toISOString());
    expect(again.status).toBe(412);
    expect(last.json.next).toBeUndefined();
    expect(ofCustomer.json.items.map((item) => item.id).sort()).toEqual([created.json.id, next.id].sort());
  });

  it('hands a task to a teammate: the teammate sees and completes it, the delegator (not its creator) no longer sees it', async () => {
    // Prepare: a manager gives am1 a task.
    const given = await arrangeTask(client, 'am1');

    // Act
    const delegated = await client.post<Task>(`${task(given.id)}/delegate`, { assigneeId: 'am2', note: 'I am on leave' }, { as: 'am1', headers: v1 });
    const asDelegator = await client.get(task(given.id), { as: 'am1' });
    const done = await client.post<Task>(`${task(given.id)}/complete`, {}, { as: 'am2', headers: { 'if-match': '"2"' } });
    const assignedBySales = await client.get<{ items: Task[] }>(`/v1/tasks?createdBy=admin&status=done&dueFrom=${encodeURIComponent(given.dueAt)}&dueTo=${encodeURIComponent(new Date(Date.parse(given.dueAt) + 1).toISOString())}`, { as: 'sales' });

    // Assess
    expect(delegated.status, delegated.text).toBe(200);
    expect(delegated.json).toMatchObject({ assigneeId: 'am2', delegatedBy: 'am1' });
    expect(asDelegator.status).toBe(404);
    expect(done.json).toMatchObject({ status: 'done', completedBy: 'am2' });
    expect(assignedBySales.json.items.map((item) => item.id)).toEqual([given.id]);
  });

  it('replays an idempotent create and refuses the key with another body (422)', async () => {
    // Prepare
    const headers = { 'idempotency-key': `task-${randomUUID()}` };
    const body = { title: 'Send the quote', dueAt: uniqueDueAt() };

    // Act
    const first = await client.post<Task>('/v1/tasks', body, { as: 'am1', headers });
    const replay = await client.post<Task>('/v1/tasks', body, { as: 'am1', headers });
    const other = await client.post('/v1/tasks', { ...body, title: 'Another' }, { as: 'am1', headers });

    // Assess
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.json.id).toBe(first.json.id);
    expect(other.status).toBe(422);
  });

  it("merges tasks, follow-ups and assigned service requests into a user's calendar; managers read anyone's", async () => {
    // Prepare: am1's task and follow-up due at the same unique minute, and a complaint assigned to am1.
    const customer = await arrangeCustomer(client, 'am1');
    const dueAt = uniqueDueAt();
    const given = await arrangeTask(client, 'am1', { dueAt });
    const activity = await client.post<{ id: string }>(`/v1/customers/${customer.id}/activities`, { type: 'call', occurredAt: new Date().toISOString(), title: 'Follow me up', nextFollowUpAt: dueAt }, { as: 'am1' });
    expect(activity.status, activity.text).toBe(201);
    const service = await client.post<{ id: string; createdAt: string }>('/v1/services', { type: 'complaint', title: 'Late delivery', customerId: customer.id, request: 'Two weeks late.' }, { as: 'am1' });
    await client.post(`/v1/services/${service.json.id}/assign`, { assigneeId: 'am1' }, { as: 'sales', headers: v1 });
    const serviceDue = new Date(Date.parse(service.json.createdAt) + 24 * 3_600_000);
    const around = (at: Date) => `from=${encodeURIComponent(new Date(at.getTime() - 1000).toISOString())}&to=${encodeURIComponent(new Date(at.getTime() + 1000).toISOString())}`;

    // Act
    const own = await client.get<{ items: { kind: string; id: string }[] }>(`/v1/calendar?${around(new Date(dueAt))}`, { as: 'am1' });
    const services = await client.get<{ items: { kind: string; id: string }[] }>(`/v1/calendar?${around(serviceDue)}&userId=am1`, { as: 'sales' });
    const foreign = await client.get(`/v1/calendar?${around(new Date(dueAt))}&userId=am1`, { as: 'am2' });
    const tooLong = await client.get('/v1/calendar?from=2026-01-01&to=2026-06-01', { as: 'am1' });

    // Assess
    expect(own.status, own.text).toBe(200);
    expect(own.json.items.map((item) => [item.kind, item.id])).toEqual(expect.arrayContaining([['task', given.id], ['follow-up', activity.json.id]]));
    expect(services.json.items).toContainEqual(expect.objectContaining({ kind: 'service', id: service.json.id }));
    expect(foreign.status).toBe(403);
    expect(tooLong.status).toBe(400);
  });

  it.each(BAD_REQUESTS.map((bad) => [bad.label, bad] as const))('refuses %s, writes nothing', async (_label, bad) => {
    // Prepare — am1's task (version 1) and a due minute of this request's own.
    const arranged = await arrangeTask(client, 'am1');
    const dueAt = uniqueDueAt();

    // Act
    const response = await client.request(bad.method, bad.path(arranged.id), {
      as: bad.as ?? 'admin',
      ...(bad.body !== undefined ? { body: typeof bad.body === 'function' ? (bad.body as (d: string) => unknown)(dueAt) : bad.body } : {}),
      ...(bad.headers ? { headers: bad.headers } : {}),
    });

    // Assess
    expect(response.status, response.text).toBe(bad.status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    if (bad.field) expect((response.json as { errors?: { path: string }[] }).errors?.map((error) => error.path)).toContain(bad.field);
    await expectTaskUntouched(client, arranged);
    const window = `dueFrom=${encodeURIComponent(dueAt)}&dueTo=${encodeURIComponent(new Date(Date.parse(dueAt) + 1).toISOString())}`;
    const written = await client.get<{ items: unknown[] }>(`/v1/tasks?assigneeId=am1&${window}`, { as: 'admin' });
    expect(written.json.items).toEqual([]);
  });
});
