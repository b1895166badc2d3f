import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { getCustomer } from '#functions/customers/customer/get-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { MergeDependencies } from '#functions/customers/merge/merge.dependencies';
import { mergeCustomers } from '#functions/customers/merge/merge-customers.use-case';
import { revertMerge } from '#functions/customers/merge/revert-customer-merge.use-case';
import { runMergeStep } from '#functions/customers/merge/run-merge-step.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { InMemoryMergeRepository, type FakeRecord } from '#test/fakes/in-memory-merge.repository';
import { InMemoryMergeRevertRepository } from '#test/fakes/in-memory-merge-revert.repository';

const records = (kind: FakeRecord['kind'], n: number): FakeRecord[] => Array.from({ length: n }, (_, i) => ({ kind, id: `${kind}-${i}`, version: 1 }));

describe('reverting a merge (use cases with in-memory storage)', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let merges: InMemoryMergeRepository;
  let continued: string[];
  let deps: MergeDependencies;
  let survivor: Customer;
  let merged: Customer;

  /** A completed merge of `merged` into `survivor` (phone taken from the merged customer). */
  const completedMerge = async () => {
    const started = await mergeCustomers(deps, { caller: callers.sales, survivorId: survivor.id, input: { mergedId: merged.id, keep: { phone: 'merged' } }, expectedVersion: 1 });
    return runMergeStep(deps, started.id, 60_000);
  };

  beforeEach(async () => {
    kit = customerTestKit();
    merges = new InMemoryMergeRepository(kit.customers, 10);
    continued = [];
    deps = {
      customers: kit.customers,
      merges,
      reverts: new InMemoryMergeRevertRepository(merges, 10),
      resumes: merges,
      trigger: { continueMerge: async (mergeId) => void continued.push(mergeId) },
      clock: { now: () => PINNED_NOW },
      ids: ulidGenerator(seededRandom(16)),
      limits: { pageSize: 10, stepMillis: 60_000, revertDays: 30 },
    };
    survivor = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: '北京石油', level: 'major', status: 'active', phone: '010-1111' } })).customer;
    merged = (await createCustomer(kit.deps, { caller: callers.am2, input: { name: '北京石油有限公司', level: 'ordinary', status: 'active', phone: '010-2222' }, allowDuplicate: true })).customer;
    merges.records.set(merged.id, [...records('contacts', 3), ...records('activities', 14)]);
    merges.tasks.set(merged.id, records('tasks', 1));
    merges.opportunities.set(merged.id, records('opportunities', 2));
    merges.quotes.set(merged.id, records('quotes', 1));
    merges.portalUsers.set(merged.id, records('portalUsers', 1));
  });

  it('answers reverting at once; the job restores the merged customer, moves everything back and gives the survivor its own fields back', async () => {
    // Prepare
    const merge = await completedMerge();
    continued.length = 0;

    // Act
    const reverting = await revertMerge(deps, { caller: callers.sales, mergeId: merge.id, expectedVersion: merge.version });
    const done = await runMergeStep(deps, continued[0]!, 60_000);

    // Assess
    expect(reverting).toMatchObject({ id: merge.id, status: 'reverting', phase: 'revert-customer', version: merge.version + 1, revertedBy: 'sales' });
    expect(continued).toEqual([merge.id]);
    expect(done).toMatchObject({ status: 'reverted', phase: 'reverted', revertRefused: 0, revertRefusals: [] });
    expect(done.reverted).toEqual({ contacts: 3, activities: 14, tasks: 1, opportunities: 2, quotes: 1, portalUsers: 1 });
    expect(merges.recordsOf(merged.id)).toHaveLength(17);
    expect(merges.recordsOf(survivor.id)).toEqual([]);
    expect(merges.opportunities.get(merged.id)).toHaveLength(2);
    expect(merges.quotes.get(merged.id)).toHaveLength(1);
    expect(merges.portalUsers.get(merged.id)).toHaveLength(1);
    await expect(getCustomer(kit.deps, { caller: callers.admin, customerId: merged.id })).resolves.toMatchObject({ id: merged.id, phone: '010-2222' });
    expect(kit.customers.tombstones.filter((tombstone) => tombstone.id === merged.id)).toEqual([]);
    expect(await kit.customers.get(survivor.id)).toMatchObject({ phone: '010-1111' });
  });

  it('leaves a record changed since the merge with the survivor and reports it, and keeps a survivor changed since as it is (warning)', async () => {
    // Prepare: after the merge a writer changes one moved contact, and the survivor.
    const merge = await completedMerge();
    const under = merges.records.get(survivor.id)!;
    const contact = under.findIndex((record) => record.id === 'contacts-1');
    under[contact] = { ...under[contact]!, version: 2 };
    const current = (await kit.customers.get(survivor.id))!;
    await kit.customers.update(survivor.id, { memo: 'edited after the merge' }, { expectedVersion: current.version }, { username: 'am1', at: PINNED_NOW.toISOString() });

    // Act
    await revertMerge(deps, { caller: callers.admin, mergeId: merge.id, expectedVersion: merge.version });
    const done = await runMergeStep(deps, merge.id, 60_000);

    // Assess
    expect(done).toMatchObject({ status: 'reverted', revertRefused: 1, revertRefusals: [{ kind: 'contacts', key: 'contacts-1', reason: 'changed' }] });
    expect(done.reverted?.contacts).toBe(2);
    expect(merges.recordsOf(survivor.id).map((record) => record.id)).toEqual(['contacts-1']);
    expect(done.warnings).toHaveLength(1);
    expect(await kit.customers.get(survivor.id)).toMatchObject({ phone: '010-2222', memo: 'edited after the merge' });
  });

  it('refuses a stale If-Match, a merge not completed, one past its 30 days, and a second revert — writing nothing', async () => {
    // Prepare
    const merge = await completedMerge();
    const running = await mergeCustomers(deps, {
      caller: callers.admin,
      survivorId: (await createCustomer(kit.deps, { caller: callers.am1, input: { name: 'A Co', level: 'ordinary', status: 'active' } })).customer.id,
      input: { mergedId: (await createCustomer(kit.deps, { caller: callers.am1, input: { name: 'B Co', level: 'ordinary', status: 'active' } })).customer.id, keep: {} },
      expectedVersion: 1,
    });
    const later = { ...deps, clock: { now: () => new Date(PINNED_NOW.getTime() + 31 * 86_400_000) } };

    // Act + Assess
    await expect(revertMerge(deps, { caller: callers.admin, mergeId: merge.id, expectedVersion: merge.version - 1 })).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(revertMerge(deps, { caller: callers.admin, mergeId: running.id, expectedVersion: running.version })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await expect(revertMerge(later, { caller: callers.admin, mergeId: merge.id, expectedVersion: merge.version })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    await expect(revertMerge(deps, { caller: callers.admin, mergeId: '01JNW8Y3C5K7Q2V9R4T6M8P0XA', expectedVersion: 1 })).rejects.toMatchObject({ code: ErrorCode.MergeNotFound });
    expect(merges.merges.get(merge.id)).toMatchObject({ status: 'completed', version: merge.version });
    await revertMerge(deps, { caller: callers.admin, mergeId: merge.id, expectedVersion: merge.version });
    await expect(revertMerge(deps, { caller: callers.admin, mergeId: merge.id, expectedVersion: merge.version + 1 })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });

  it('tolerates a merge recorded before a kind existed (no moved.opportunities): shown as 0', async () => {
    // Prepare
    const merge = await completedMerge();
    const stored = merges.merges.get(merge.id)!;
    const { opportunities: _gone, ...older } = stored.moved;
    merges.merges.set(merge.id, { ...stored, moved: older });

    // Act
    const read = await runMergeStep(deps, merge.id, 60_000);

    // Assess
    expect(read.moved.opportunities).toBe(0);
  });
});
