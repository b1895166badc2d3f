import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { getCustomer } from '#functions/customers/customer/get-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { MergeDependencies } from '#functions/customers/merge/merge.dependencies';
import { mergeCustomers } from '#functions/customers/merge/merge-customers.use-case';
import { getMerge } from '#functions/customers/merge/get-customer-merge.use-case';
import { runMergeStep } from '#functions/customers/merge/run-merge-step.use-case';
import { seededRandom, ulidGenerator, type Clock } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { InMemoryMergeRepository, type FakeRecord } from '#test/fakes/in-memory-merge.repository';
import { InMemoryMergeRevertRepository } from '#test/fakes/in-memory-merge-revert.repository';

const records = (kind: FakeRecord['kind'], n: number): FakeRecord[] => Array.from({ length: n }, (_, i) => ({ kind, id: `${kind}-${i}` }));

describe('merging customers (use cases with in-memory storage)', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let merges: InMemoryMergeRepository;
  let continued: string[];
  let deps: MergeDependencies;
  let survivor: Customer;
  let merged: Customer;

  const withClock = (clock: Clock): MergeDependencies => ({ ...deps, clock });

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
      ids: ulidGenerator(seededRandom(7)),
      limits: { pageSize: 10, stepMillis: 60_000, revertDays: 30 },
    };
    survivor = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: '北京石油', level: 'major', status: 'active', phone: '010-1111' } })).customer;
    merged = (await createCustomer(kit.deps, { caller: callers.am2, input: { name: '北京石油有限公司', level: 'ordinary', status: 'active', phone: '010-2222', memo: 'old' }, allowDuplicate: true })).customer;
    merges.records.set(merged.id, [...records('contacts', 3), ...records('activities', 25), ...records('orders', 4), ...records('services', 1), ...records('lostCustomer', 1)]);
    merges.tasks.set(merged.id, records('tasks', 2));
    merges.attachments.set(merged.id, records('attachments', 2));
    merges.opportunities.set(merged.id, records('opportunities', 2));
    merges.quotes.set(merged.id, records('quotes', 3));
    merges.portalUsers.set(merged.id, records('portalUsers', 2));
  });

  it('answers the recorded merge at once and hands it to the job, which moves everything to the survivor and applies the kept fields', async () => {
    // Act
    const started = await mergeCustomers(deps, {
      caller: callers.sales,
      survivorId: survivor.id,
      input: { mergedId: merged.id, mergedVersion: 1, keep: { phone: 'merged', memo: 'merged', level: 'survivor' } },
      expectedVersion: 1,
    });
    const movedBeforeTheJob = merges.recordsOf(survivor.id).length;
    const merge = await runMergeStep(deps, continued[0]!, 60_000);

    // Assess: the answer is the record as started (nothing moved in the request); the job did the rest.
    expect(started).toMatchObject({ status: 'running', phase: 'keep', survivorId: survivor.id, mergedId: merged.id });
    expect(Object.values(started.moved).every((n) => n === 0)).toBe(true);
    expect(movedBeforeTheJob).toBe(0);
    expect(continued).toEqual([started.id]);
    expect(merge).toMatchObject({ id: started.id, status: 'completed', phase: 'done' });
    expect(merge.moved).toEqual({ contacts: 3, activities: 25, followUps: 0, orders: 4, services: 1, lostCustomer: 1, tasks: 2, attachments: 2, opportunities: 2, quotes: 3, portalUsers: 2, other: 0 });
    expect(merges.recordsOf(merged.id)).toEqual([]);
    expect(merges.recordsOf(survivor.id)).toHaveLength(34);
    expect(merges.attachments.get(survivor.id)).toHaveLength(2);
    expect(merges.opportunities.get(survivor.id)).toHaveLength(2);
    expect(merges.opportunities.get(merged.id)).toEqual([]);
    expect(merges.quotes.get(survivor.id)).toHaveLength(3);
    expect(merges.quotes.get(merged.id)).toEqual([]);
    expect(merges.portalUsers.get(survivor.id)).toHaveLength(2);
    expect(merges.portalUsers.get(merged.id)).toEqual([]);
    const after = await kit.customers.get(survivor.id);
    expect(after).toMatchObject({ phone: '010-2222', memo: 'old', level: 'major', version: 2 });
    await expect(getCustomer(kit.deps, { caller: callers.admin, customerId: merged.id })).rejects.toMatchObject({
      code: ErrorCode.CustomerNotFound,
      details: { extensions: { mergedInto: survivor.id } },
    });
    // The owner of the merged customer sees the same; another account manager learns nothing.
    await expect(getCustomer(kit.deps, { caller: callers.am2, customerId: merged.id })).rejects.toMatchObject({ details: { extensions: { mergedInto: survivor.id } } });
    await expect(getCustomer(kit.deps, { caller: callers.am1, customerId: merged.id })).rejects.toMatchObject({ details: {} });
    expect(kit.customers.tombstones).toContainEqual(expect.objectContaining({ id: merged.id, reason: 'merged', ownerId: 'am2' }));
  });

  it('continues a step that ran out of time in the next one, and resumes after a crash without moving anything twice', async () => {
    // Prepare: every clock read is a second later, so a 3-second step ends after a page.
    let tick = 0;
    const ticking: Clock = { now: () => new Date(PINNED_NOW.getTime() + 1000 * tick++) };
    const slow = withClock(ticking);

    // Act: the request starts it; a short step hands over; a step crashes mid-page; the retried step finishes.
    const started = await mergeCustomers(slow, { caller: callers.admin, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    const partly = await runMergeStep(slow, started.id, 3_000);
    merges.failNextMoveAfter = 4;
    await expect(runMergeStep(deps, started.id, 60_000)).rejects.toThrow('crash mid-page');
    const done = await runMergeStep(deps, started.id, 60_000);

    // Assess
    expect(started.status).toBe('running');
    expect(partly.status).toBe('running');
    expect(continued).toEqual([started.id, started.id]);
    expect(done.status).toBe('completed');
    expect(Object.values(done.moved).reduce((sum, n) => sum + n, 0)).toBe(45);
    expect(new Set(merges.recordsOf(survivor.id).map((record) => record.id)).size).toBe(34);
    await expect(getMerge(deps, { caller: callers.admin, mergeId: started.id })).resolves.toMatchObject({ status: 'completed' });
  });

  it('refuses bad merges and writes nothing', async () => {
    // Prepare
    const archived = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: 'Gone Ltd', level: 'ordinary', status: 'active' } })).customer;
    await kit.customers.archive(archived.id, { expectedVersion: 1 }, { username: 'admin', at: PINNED_NOW.toISOString() });
    const attempt = (survivorId: string, mergedId: string, expectedVersion = 1, mergedVersion?: number) =>
      mergeCustomers(deps, { caller: callers.admin, survivorId, input: { mergedId, keep: {}, ...(mergedVersion ? { mergedVersion } : {}) }, expectedVersion });

    // Act + Assess
    await expect(attempt(survivor.id, survivor.id)).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.mergedId' }] } });
    await expect(attempt('01JNW8Y3C5K7Q2V9R4T6M8P0XA', merged.id)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(attempt(survivor.id, '01JNW8Y3C5K7Q2V9R4T6M8P0XA')).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(attempt(survivor.id, archived.id)).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    await expect(attempt(archived.id, merged.id)).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(attempt(survivor.id, merged.id, 3)).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
    await expect(attempt(survivor.id, merged.id, 1, 2)).rejects.toMatchObject({ code: ErrorCode.VersionConflict, details: { errors: [{ path: 'body.mergedVersion' }] } });
    expect(merges.merges.size).toBe(0);
    expect(await kit.customers.get(merged.id)).toMatchObject({ version: 1 });
  });

  it('refuses the same merge twice (409 naming the survivor) and a merge over the contact bound', async () => {
    // Prepare
    await mergeCustomers(deps, { caller: callers.admin, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 });
    const big = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: 'Big Co', level: 'ordinary', status: 'active' } })).customer;
    const other = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: 'Other Co', level: 'ordinary', status: 'active' } })).customer;
    kit.customers.customers.set(big.id, { ...kit.customers.customers.get(big.id)!, contactCount: 30 } as never);
    kit.customers.customers.set(other.id, { ...kit.customers.customers.get(other.id)!, contactCount: 21 } as never);

    // Act + Assess
    await expect(
      mergeCustomers(deps, { caller: callers.admin, survivorId: survivor.id, input: { mergedId: merged.id, keep: {} }, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidTransition, details: { extensions: { mergedInto: survivor.id } } });
    await expect(
      mergeCustomers(deps, { caller: callers.admin, survivorId: big.id, input: { mergedId: other.id, keep: {} }, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: ErrorCode.LimitReached });
    expect(merges.merges.size).toBe(1);
  });

  it('leaves the kept fields alone, with a warning, when the survivor changed after the merge started', async () => {
    // Prepare: the merge starts; the survivor changes before the job's keep phase.
    const started = await mergeCustomers(deps, {
      caller: callers.admin,
      survivorId: survivor.id,
      input: { mergedId: merged.id, keep: { phone: 'merged' } },
      expectedVersion: 1,
    });
    await kit.customers.update(survivor.id, { memo: 'edited meanwhile' }, { expectedVersion: 1 }, { username: 'am1', at: PINNED_NOW.toISOString() });

    // Act
    const done = await runMergeStep(deps, started.id, 60_000);

    // Assess
    expect(done.status).toBe('completed');
    expect(done.warnings).toHaveLength(1);
    expect(await kit.customers.get(survivor.id)).toMatchObject({ phone: '010-1111', memo: 'edited meanwhile' });
  });
});
