import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { getMerge } from '#functions/customers/merge/get-customer-merge.use-case';
import type { MergeDependencies } from '#functions/customers/merge/merge.dependencies';
import { mergeCustomers } from '#functions/customers/merge/merge-customers.use-case';
import { resumeMerge } from '#functions/customers/merge/resume-customer-merge.use-case';
import { runMergeStep } from '#functions/customers/merge/run-merge-step.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { InMemoryMergeRepository } from '#test/fakes/in-memory-merge.repository';
import { InMemoryMergeRevertRepository } from '#test/fakes/in-memory-merge-revert.repository';

const minutesAfter = (minutes: number): Date => new Date(PINNED_NOW.getTime() + minutes * 60_000);

describe('resuming a stalled merge (use cases with in-memory storage)', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let merges: InMemoryMergeRepository;
  let continued: string[];
  let now: Date;
  let deps: MergeDependencies;
  let survivor: Customer;
  let merged: Customer;

  beforeEach(async () => {
    kit = customerTestKit();
    merges = new InMemoryMergeRepository(kit.customers, 10);
    continued = [];
    now = PINNED_NOW;
    deps = {
      customers: kit.customers,
      merges,
      reverts: new InMemoryMergeRevertRepository(merges, 10),
      resumes: merges,
      // The job never runs by itself here: each hand-over is only recorded, as a job whose retries all failed.
      trigger: { continueMerge: async (mergeId) => void continued.push(mergeId) },
      clock: { now: () => now },
      ids: ulidGenerator(seededRandom(1616)),
      limits: { pageSize: 10, stepMillis: 60_000, revertDays: 30 },
    };
    survivor = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: '北京石油', level: 'major', status: 'active' } })).customer;
    merged = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: '上海明远', level: 'ordinary', status: 'active' } })).customer;
    merges.records.set(merged.id, [{ kind: 'contacts', id: 'contact-1', version: 1 }]);
  });

  it('shows a merge without progress for 10 minutes as stalled, hands it back to its job once, and the job finishes it', async () => {
    // Prepare: started, its job never ran; 11 minutes pass
    const started = await mergeCustomers(deps, { caller: callers.sales, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    now = minutesAfter(11);

    // Act
    const seen = await getMerge(deps, { caller: callers.sales, mergeId: started.id });
    const resumed = await resumeMerge(deps, { caller: callers.sales, mergeId: started.id, expectedVersion: started.version });
    const again: unknown = await resumeMerge(deps, { caller: callers.sales, mergeId: started.id, expectedVersion: resumed.version }).catch((error: unknown) => error);
    const done = await runMergeStep(deps, started.id, 60_000);

    // Assess
    expect(seen).toMatchObject({ status: 'running', stalled: true });
    expect(resumed).toMatchObject({ status: 'running', version: started.version + 1, resumedBy: 'sales', resumedAt: minutesAfter(11).toISOString() });
    expect(continued).toEqual([started.id, started.id]);
    expect(again).toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(done).toMatchObject({ status: 'completed', moved: { contacts: 1 } });
    expect(await getMerge(deps, { caller: callers.sales, mergeId: started.id })).not.toHaveProperty('stalled');
  });

  it('refuses a merge that progressed within 10 minutes (409), a stale If-Match (412), a completed merge (409) and an unknown one (404)', async () => {
    // Prepare
    const started = await mergeCustomers(deps, { caller: callers.sales, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    const resume = (mergeId: string, expectedVersion: number): Promise<string> =>
      resumeMerge(deps, { caller: callers.sales, mergeId, expectedVersion }).then(
        () => 'resumed',
        (error: { code: string }) => error.code,
      );

    // Act: each at its own instant
    now = minutesAfter(9);
    const young = await resume(started.id, started.version);
    now = minutesAfter(11);
    const stale = await resume(started.id, started.version + 5);
    const completed = await runMergeStep(deps, started.id, 60_000);
    now = minutesAfter(30);
    const finished = await resume(started.id, completed.version);
    const unknown = await resume('01JNW8Z1AB3CD4EF5GH6JK7MNP', 1);

    // Assess
    expect([young, stale, finished, unknown]).toEqual([ErrorCode.InvalidTransition, ErrorCode.VersionConflict, ErrorCode.InvalidTransition, ErrorCode.MergeNotFound]);
    expect(continued).toEqual([started.id]);
  });
});
