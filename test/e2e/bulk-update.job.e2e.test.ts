import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listCustomerPages } from '#test/support/customer-pages';
import { api, useTestGateway } from '#test/support/e2e';
import { arrangeCustomer } from './scenarios/route-scenario';

// Pages of 2 customers (functions/customers/bulk/bulk-job.container.ts reads it when the job first runs): a few
// customers make several pages, each its own checkpoint.
process.env.BULK_UPDATE_PAGE_SIZE = '2';

type Client = ReturnType<typeof api>;
type Job = {
  id: string;
  version: number;
  status: string;
  progress: { matched: number; updated: number; unchanged: number; skipped: number; failed: number };
  issues: { id: string; outcome: string; status: number }[];
};
type Customer = { id: string; version: number; level: string; ownerId: string; tags: string[] };
type Problem = { status: number; errors?: { path: string }[] };

/**
 * The bulk update by filter (`POST /v1/customers/bulk-updates`, `GET /v1/customers/bulk-updates/{id}`) through the
 * local gateway with real tokens. The test run leaves job steps to the tests (`BULK_UPDATE_JOB_STEPS=manual`): this
 * file runs its jobs' steps with the job handler, as the customers function's self-invocation does in AWS.
 */
describe('bulk update by filter, as a job, end to end', () => {
  let client: Client;
  useTestGateway((gateway) => (client = gateway.client));

  const read = async (customerId: string) => (await client.get<Customer>(`/v1/customers/${customerId}`, { as: 'admin' })).json;

  /** Runs the job's steps until it is done (each step is one invocation of the job handler). */
  const runToEnd = async (jobId: string): Promise<number> => {
    const { handler } = await import('#functions/customers/bulk/bulk-update-job.handler');
    for (let steps = 1; steps <= 20; steps += 1) {
      const { status } = await handler({ bulkUpdateJob: jobId });
      if (status === 'completed' || status === 'failed') return steps;
    }
    throw new Error(`bulk update ${jobId} not done after 20 steps`);
  };

  it('edits every customer the filter selects, page by page, and shows progress from queued to completed', async () => {
    // Prepare: 5 customers of am1 with this run's tag (three pages of the list), and one of am2 with it too.
    const tag = `bulk-${randomUUID().slice(0, 12)}`;
    const selected: { id: string }[] = [];
    for (let count = 0; count < 5; count += 1) selected.push(await arrangeCustomer(client, 'am1', { tags: [tag] }));
    const outside = await arrangeCustomer(client, 'am2', { tags: [tag] });

    // Act
    const started = await client.post<Job>('/v1/customers/bulk-updates', { filter: { ownerId: 'am1', tags: tag }, changes: { level: 'major', tags: { add: ['campaign'] } } }, { as: 'sales' });
    const queued = await client.get<Job>(`/v1/customers/bulk-updates/${started.json.id}`, { as: 'admin' });
    await runToEnd(started.json.id);
    const done = await client.get<Job>(`/v1/customers/bulk-updates/${started.json.id}`, { as: 'sales' });

    // Assess
    expect(started.status, started.text).toBe(202);
    expect(started.headers.get('location')).toBe(`/v1/customers/bulk-updates/${started.json.id}`);
    expect(queued.json).toMatchObject({ status: 'queued', progress: { matched: 0 } });
    expect(done.json).toMatchObject({ status: 'completed', progress: { matched: 5, updated: 5, unchanged: 0, skipped: 0, failed: 0 }, issues: [] });
    // queued → running (2), then one checkpoint per page of 2: at least 3 pages → version ≥ 5 (a page the tag filter
    // thins may hold fewer: other files' customers of am1 share the owner index).
    expect(done.json.version).toBeGreaterThanOrEqual(5);
    for (const customer of selected) expect(await read(customer.id)).toMatchObject({ level: 'major', tags: [tag, 'campaign'], version: 2 });
    expect(await read(outside.id)).toMatchObject({ level: 'ordinary', version: 1 });
  });

  it('never applies a change twice: running the finished job again writes nothing', async () => {
    // Prepare
    const tag = `bulk-${randomUUID().slice(0, 12)}`;
    const customer = await arrangeCustomer(client, 'am2', { tags: [tag] });
    const started = await client.post<Job>('/v1/customers/bulk-updates', { filter: { tags: tag, ownerId: 'am2' }, changes: { region: 'east-china' } }, { as: 'admin' });
    await runToEnd(started.json.id);

    // Act
    await runToEnd(started.json.id);

    // Assess
    expect(await read(customer.id)).toMatchObject({ region: 'east-china', version: 2 });
  });

  it("transfers the selected customers: they show in the new owner's list", async () => {
    // Prepare
    const tag = `bulk-${randomUUID().slice(0, 12)}`;
    const customers = await Promise.all([arrangeCustomer(client, 'am1', { tags: [tag] }), arrangeCustomer(client, 'am1', { tags: [tag] })]);

    // Act
    const started = await client.post<Job>('/v1/customers/bulk-updates', { filter: { ownerId: 'am1', tags: tag }, changes: { ownerId: 'am2' } }, { as: 'sales' });
    await runToEnd(started.json.id);

    // Assess
    const ofAm2 = await listCustomerPages<Customer>(client, `tags=${tag}`, 'am2', { stopAt: 2 });
    const ofAm1 = await listCustomerPages<Customer>(client, `tags=${tag}`, 'am1');
    expect(ofAm2.map((customer) => customer.id).sort()).toEqual(customers.map((customer) => customer.id).sort());
    expect(ofAm1).toEqual([]);
  });

  it('is for managers only: account managers and executives get 403, and nothing is recorded', async () => {
    // Prepare
    const tag = `bulk-${randomUUID().slice(0, 12)}`;
    const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const job = await client.post<Job>('/v1/customers/bulk-updates', { filter: { ownerId: 'am1', tags: tag }, changes: { level: 'major' } }, { as: 'admin' });

    // Act
    const answers = await Promise.all(
      ['am1', 'am2', 'exec'].flatMap((as) => [
        client.post('/v1/customers/bulk-updates', { filter: { ownerId: 'am1', tags: tag }, changes: { level: 'major' } }, { as }),
        client.get(`/v1/customers/bulk-updates/${job.json.id}`, { as }),
      ]),
    );

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect(await read(customer.id)).toMatchObject({ level: 'ordinary', version: 1 });
  });

  it('refuses bad input with a 400 problem naming the field, and records nothing', async () => {
    // Prepare
    const tag = `bulk-${randomUUID().slice(0, 12)}`;
    const customer = await arrangeCustomer(client, 'am1', { tags: [tag] });
    const bodies: [string, unknown, string][] = [
      ['an unknown filter', { filter: { ownerId: 'am1', colour: 'red' }, changes: { level: 'major' } }, 'body.filter'],
      ['an unknown level code in the filter', { filter: { level: 'no-such-level' }, changes: { level: 'major' } }, 'body.filter.level'],
      ['an unknown level code in the changes', { filter: { tags: tag }, changes: { level: 'no-such-level' } }, 'body.changes.level'],
      ['empty changes', { filter: { tags: tag }, changes: {} }, 'body.changes'],
      ['a sort', { filter: { tags: tag, sort: 'updatedAt' }, changes: { level: 'major' } }, 'body.filter'],
      ['an owner who may not own customers', { filter: { tags: tag }, changes: { ownerId: 'exec' } }, 'body.ownerId'],
    ];

    for (const [label, body, path] of bodies) {
      // Act
      const response = await client.post<Problem>('/v1/customers/bulk-updates', body, { as: 'sales' });

      // Assess
      expect(response.status, `${label}: ${response.text}`).toBe(400);
      expect(response.json.errors?.map((error) => error.path).some((at) => at.startsWith(path)), `${label}: ${response.text}`).toBe(true);
    }
    expect(await read(customer.id)).toMatchObject({ level: 'ordinary', version: 1 });
  });
});
