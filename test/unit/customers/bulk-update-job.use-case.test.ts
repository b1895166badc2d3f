import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BulkJobDependencies } from '#functions/customers/bulk/bulk-job.dependencies';
import { createBulkUpdateJob } from '#functions/customers/bulk/create-bulk-update-job.use-case';
import { getBulkUpdateJob } from '#functions/customers/bulk/get-bulk-update-job.use-case';
import { runBulkUpdateStep } from '#functions/customers/bulk/run-bulk-update-step.use-case';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { listCustomers } from '#functions/customers/customer/list-customers.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { InMemoryBulkJobs, recordingBulkJobTrigger } from '#test/fakes/in-memory-bulk-jobs';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';

describe('bulk update by filter, as a job run in steps', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let jobs: InMemoryBulkJobs;
  let trigger: ReturnType<typeof recordingBulkJobTrigger>;
  let deps: BulkJobDependencies;
  let pagesRead: number;
  let ofAm1: Customer[];

  beforeEach(async () => {
    vi.useFakeTimers({ now: PINNED_NOW });
    kit = customerTestKit();
    jobs = new InMemoryBulkJobs();
    trigger = recordingBulkJobTrigger();
    pagesRead = 0;
    deps = {
      customer: kit.deps,
      customers: async (caller, filter, page) => {
        pagesRead += 1;
        return listCustomers(kit.deps, { caller, filters: filter, page });
      },
      jobs,
      trigger,
      clock: kit.deps.clock,
      ids: ulidGenerator(seededRandom(7)),
      limits: { pageSize: 2, stepMillis: 60_000, concurrency: 2 },
    };
    ofAm1 = [];
    for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon']) {
      ofAm1.push((await createCustomer(kit.deps, { caller: callers.am1, input: { name, level: 'ordinary', status: 'active', tags: ['retail'] } })).customer);
    }
    await createCustomer(kit.deps, { caller: callers.am2, input: { name: 'Other', level: 'ordinary', status: 'active' } });
  });
  afterEach(() => vi.useRealTimers());

  const start = (changes: Record<string, unknown>, filter: Record<string, unknown> = { ownerId: 'am1' }) =>
    createBulkUpdateJob(deps, { caller: callers.sales, input: { filter, changes } as never });

  it('records a queued job and asks for its first step', async () => {
    // Act
    const { job } = await start({ level: 'major' });

    // Assess
    expect(job).toMatchObject({ status: 'queued', progress: { matched: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 }, createdBy: 'sales', version: 1 });
    expect(trigger.continued).toEqual([job.id]);
    await expect(getBulkUpdateJob(deps, job.id)).resolves.toEqual(job);
  });

  it('edits every customer the filter selects, page by page with a checkpoint, and completes', async () => {
    // Prepare
    const { job } = await start({ level: 'major', tags: { add: ['vip'] } });

    // Act
    const done = await runBulkUpdateStep(deps, job.id, 60_000);

    // Assess
    expect(done).toMatchObject({ status: 'completed', progress: { matched: 5, updated: 5, unchanged: 0, skipped: 0, failed: 0 }, issues: [] });
    expect(pagesRead).toBe(3);
    for (const customer of ofAm1) expect(await kit.customers.get(customer.id)).toMatchObject({ level: 'major', tags: ['retail', 'vip'], version: 2, updatedBy: 'sales' });
    const other = [...kit.customers.customers.values()].find((customer) => customer.ownerId === 'am2');
    expect(other).toMatchObject({ level: 'ordinary', version: 1 });
  });

  it('stops when its step budget is spent and continues from the checkpoint in the next step', async () => {
    // Prepare
    const { job } = await start({ region: 'east-china' });
    let now = PINNED_NOW.getTime();
    deps = { ...deps, clock: { now: () => new Date((now += 1_000)) } };

    // Act
    const first = await runBulkUpdateStep(deps, job.id, 2_500);
    const second = await runBulkUpdateStep(deps, job.id, 60_000);

    // Assess
    expect(first.status).toBe('running');
    expect(first.progress.matched).toBeLessThan(5);
    expect(trigger.continued).toEqual([job.id, job.id]);
    expect(second).toMatchObject({ status: 'completed', progress: { matched: 5, updated: 5 } });
    for (const customer of ofAm1) expect(await kit.customers.get(customer.id)).toMatchObject({ region: 'east-china', version: 2 });
  });

  it('never applies a change twice: a re-run of a page already done finds its customers as asked', async () => {
    // Prepare: a step that died after editing a page but before recording it (the checkpoint is before that page).
    const { job } = await start({ tags: { add: ['vip'] } });
    const stored = (await jobs.get(job.id))!;
    await runBulkUpdateStep(deps, job.id, 60_000);
    jobs.jobs.set(job.id, { ...stored, status: 'running' });

    // Act
    const rerun = await runBulkUpdateStep(deps, job.id, 60_000);

    // Assess
    expect(rerun).toMatchObject({ status: 'completed', progress: { matched: 5, updated: 0, unchanged: 5 } });
    for (const customer of ofAm1) expect(await kit.customers.get(customer.id)).toMatchObject({ tags: ['retail', 'vip'], version: 2 });
  });

  it('transfers through the transfer, counts customers gone meanwhile as skipped with the reason', async () => {
    // Prepare
    const { job } = await start({ ownerId: 'am2' });
    await kit.customers.archive(ofAm1[2]!.id, { expectedVersion: 1 }, { username: 'admin', at: PINNED_NOW.toISOString() });
    const listed = deps.customers;
    // The archived customer still shows on its page (read before it was archived): the job meets it gone.
    deps = { ...deps, customers: async (caller, filter, page) => {
      const result = await listed(caller, filter, page);
      return page.startKey === undefined ? { ...result, items: [...result.items, { ...ofAm1[2]! }] } : result;
    } };

    // Act
    const done = await runBulkUpdateStep(deps, job.id, 60_000);

    // Assess
    expect(done.progress).toMatchObject({ updated: 4, skipped: 1, failed: 0 });
    expect(done.issues).toEqual([{ id: ofAm1[2]!.id, outcome: 'skipped', status: 404, code: ErrorCode.CustomerNotFound, detail: `Customer ${ofAm1[2]!.id} does not exist.` }]);
    expect(kit.customers.transfers.map((transfer) => transfer.to)).toEqual(['am2', 'am2', 'am2', 'am2']);
    expect(kit.customers.transfers[0]!.reason).toBe(`Bulk update ${job.id}`);
  });

  it('fails the job when its new owner can no longer own customers, and refuses such an owner at the start', async () => {
    // Prepare
    const { job } = await start({ ownerId: 'am2' });
    deps = { ...deps, customer: { ...kit.deps, directory: { findUser: async () => undefined } } };

    // Act
    const failed = await runBulkUpdateStep(deps, job.id, 60_000);
    const refused = createBulkUpdateJob(deps, { caller: callers.sales, input: { filter: {}, changes: { ownerId: 'gone' } } as never });

    // Assess
    expect(failed).toMatchObject({ status: 'failed', failure: expect.stringContaining('owner') });
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.InvalidOwner });
    expect(kit.customers.transfers).toEqual([]);
  });
});
