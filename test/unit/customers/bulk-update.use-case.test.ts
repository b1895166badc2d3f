import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bulkUpdateCustomers } from '#functions/customers/bulk/bulk-update-customers.use-case';
import type { BulkDependencies } from '#functions/customers/bulk/bulk.dependencies';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { ErrorCode } from '#shared/core/errors';
import { inMemoryBulkAnswers } from '#test/fakes/in-memory-bulk-answers';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';

const MISSING = '01JNW8Z1AB3CD4EF5GH6JK7MNP';

describe('bulk edit of customers (each its own condition and answer)', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let deps: BulkDependencies;
  let answers: ReturnType<typeof inMemoryBulkAnswers>;
  let ofAm1: Customer;
  let alsoOfAm1: Customer;
  let ofAm2: Customer;

  beforeEach(async () => {
    vi.useFakeTimers({ now: PINNED_NOW });
    kit = customerTestKit();
    answers = inMemoryBulkAnswers();
    deps = { customer: kit.deps, answers, clock: kit.deps.clock };
    const create = async (caller: (typeof callers)[keyof typeof callers], name: string, tags: string[]) =>
      (await createCustomer(kit.deps, { caller, input: { name, level: 'ordinary', status: 'active', tags } })).customer;
    ofAm1 = await create(callers.am1, '北京石油', ['retail']);
    alsoOfAm1 = await create(callers.am1, '上海明远', []);
    ofAm2 = await create(callers.am2, 'Acme', ['retail', 'vip']);
  });
  afterEach(() => vi.useRealTimers());

  it('answers each customer in the order sent: 200, 412 for a stale version, 404 for a missing one', async () => {
    // Prepare
    const input = { ids: [ofAm1.id, { id: alsoOfAm1.id, version: 7 }, MISSING, { id: ofAm2.id, version: 1 }], changes: { level: 'major' } };

    // Act
    const result = await bulkUpdateCustomers(deps, { caller: callers.sales, input, mayTransfer: true });

    // Assess
    expect(result.items.map((item) => [item.id, item.status])).toEqual([
      [ofAm1.id, 200],
      [alsoOfAm1.id, 412],
      [MISSING, 404],
      [ofAm2.id, 200],
    ]);
    expect(result.items[1]!.problem).toMatchObject({ code: ErrorCode.VersionConflict, status: 412 });
    expect(result.summary).toEqual({ updated: 2, unchanged: 0, failed: 2 });
    expect(await kit.customers.get(ofAm1.id)).toMatchObject({ level: 'major', version: 2, updatedBy: 'sales' });
    expect(await kit.customers.get(alsoOfAm1.id)).toMatchObject({ level: 'ordinary', version: 1 });
  });

  it('adds and removes tags, keeping the others, and leaves a customer already as asked unwritten', async () => {
    // Act
    const result = await bulkUpdateCustomers(deps, {
      caller: callers.admin,
      input: { ids: [ofAm1.id, ofAm2.id], changes: { tags: { add: ['vip'], remove: ['retail'] } } },
      mayTransfer: true,
    });
    const again = await bulkUpdateCustomers(deps, {
      caller: callers.admin,
      input: { ids: [ofAm1.id, ofAm2.id], changes: { tags: { add: ['vip'], remove: ['retail'] } } },
      mayTransfer: true,
    });

    // Assess
    expect(result.summary).toEqual({ updated: 2, unchanged: 0, failed: 0 });
    expect((await kit.customers.get(ofAm1.id))?.tags).toEqual(['vip']);
    expect((await kit.customers.get(ofAm2.id))?.tags).toEqual(['vip']);
    expect(again.items).toEqual([
      { id: ofAm1.id, status: 200, version: 2, unchanged: true },
      { id: ofAm2.id, status: 200, version: 2, unchanged: true },
    ]);
    expect(again.summary).toEqual({ updated: 0, unchanged: 2, failed: 0 });
  });

  it('refuses a customer whose tags would pass 20 (409), writing nothing to it', async () => {
    // Prepare
    const many = Array.from({ length: 19 }, (_, index) => `t${index}`);
    const full = (await createCustomer(kit.deps, { caller: callers.admin, input: { name: 'Full', level: 'ordinary', status: 'active', tags: many } })).customer;

    // Act
    const result = await bulkUpdateCustomers(deps, { caller: callers.admin, input: { ids: [full.id], changes: { tags: { add: ['a', 'b'] } } }, mayTransfer: true });

    // Assess
    expect(result.items[0]).toMatchObject({ status: 409, problem: { code: ErrorCode.LimitReached } });
    expect(await kit.customers.get(full.id)).toMatchObject({ version: 1, tags: many });
  });

  it("hides another owner's customer from an account manager as a 404 item, like a missing one", async () => {
    // Act
    const result = await bulkUpdateCustomers(deps, { caller: callers.am1, input: { ids: [ofAm1.id, ofAm2.id], changes: { region: 'east-china' } }, mayTransfer: false });

    // Assess
    expect(result.items.map((item) => item.status)).toEqual([200, 404]);
    expect(result.items[1]!.problem?.detail).toBe(`Customer ${ofAm2.id} does not exist.`);
    expect(await kit.customers.get(ofAm2.id)).toMatchObject({ version: 1 });
    expect((await kit.customers.get(ofAm2.id))?.region).toBeUndefined();
  });

  it('names the survivor of a merged customer in its 404 item (mergedInto) to a caller who may see it, and only to them', async () => {
    // Prepare: ofAm2 merged into ofAm1
    const merge = { survivorId: ofAm1.id, mergeId: 'merge-1', parts: () => [], refusal: () => undefined };
    await kit.customers.archive(ofAm2.id, { expectedVersion: 1 }, { username: 'sales', at: PINNED_NOW.toISOString() }, merge);

    // Act
    const bySales = await bulkUpdateCustomers(deps, { caller: callers.sales, input: { ids: [ofAm2.id], changes: { level: 'major' } }, mayTransfer: true });
    const byAm1 = await bulkUpdateCustomers(deps, { caller: callers.am1, input: { ids: [ofAm2.id], changes: { level: 'major' } }, mayTransfer: false });

    // Assess: the sales manager is told where it went; am1 never owned it, so it is simply missing
    expect(bySales.items[0]).toMatchObject({ status: 404, problem: { code: ErrorCode.CustomerNotFound, mergedInto: ofAm1.id } });
    expect(byAm1.items[0]!.status).toBe(404);
    expect(byAm1.items[0]!.problem).not.toHaveProperty('mergedInto');
    expect(await kit.customers.get(ofAm2.id)).toMatchObject({ level: 'ordinary', version: 2 });
  });

  it('refuses a transfer from a caller who may not transfer (403) and an unknown owner (400), writing nothing', async () => {
    // Act
    const byAccountManager = bulkUpdateCustomers(deps, { caller: callers.am1, input: { ids: [ofAm1.id], changes: { level: 'major', ownerId: 'am2' } }, mayTransfer: false });
    const toNobody = bulkUpdateCustomers(deps, { caller: callers.sales, input: { ids: [ofAm1.id], changes: { level: 'major', ownerId: 'gone' } }, mayTransfer: true });

    // Assess
    await expect(byAccountManager).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    await expect(toNobody).rejects.toMatchObject({ code: ErrorCode.InvalidOwner });
    expect(kit.customers.writes).toBe(3);
  });

  it('transfers through the transfer (record, tombstone) after the field changes, on the version they left', async () => {
    // Act
    const result = await bulkUpdateCustomers(deps, {
      caller: callers.sales,
      input: { ids: [ofAm1.id, ofAm2.id], changes: { level: 'major', ownerId: 'am2' } },
      mayTransfer: true,
    });

    // Assess
    expect(result.items).toEqual([
      { id: ofAm1.id, status: 200, version: 3 },
      { id: ofAm2.id, status: 200, version: 2 },
    ]);
    expect(await kit.customers.get(ofAm1.id)).toMatchObject({ ownerId: 'am2', ownerName: 'Jane Doe', level: 'major', version: 3 });
    expect(kit.customers.transfers).toEqual([{ customerId: ofAm1.id, from: 'am1', to: 'am2', reason: 'Bulk edit' }]);
  });

  it('never loses an update when two bulk edits race over the same customers: a loser is a 409 item', async () => {
    // Act
    const [first, second] = await Promise.all([
      bulkUpdateCustomers(deps, { caller: callers.admin, input: { ids: [ofAm1.id, alsoOfAm1.id, ofAm2.id], changes: { tags: { add: ['first'] } } }, mayTransfer: true }),
      bulkUpdateCustomers(deps, { caller: callers.sales, input: { ids: [ofAm1.id, alsoOfAm1.id, ofAm2.id], changes: { tags: { add: ['second'] } } }, mayTransfer: true }),
    ]);

    // Assess
    for (const [index, customer] of [ofAm1, alsoOfAm1, ofAm2].entries()) {
      const stored = await kit.customers.get(customer.id);
      const applied = [first.items[index]!, second.items[index]!].filter((item) => item.status === 200).length;
      expect([first.items[index]!.status, second.items[index]!.status].every((status) => status === 200 || status === 409)).toBe(true);
      // Every 200 is in the record (no lost update), and the version moved once per 200.
      expect(stored!.version).toBe(1 + applied);
      if (first.items[index]!.status === 200) expect(stored!.tags).toContain('first');
      if (second.items[index]!.status === 200) expect(stored!.tags).toContain('second');
    }
    expect([...first.items, ...second.items].some((item) => item.status === 409)).toBe(true);
  });

  it('replays the kept answer for the same Idempotency-Key without writing, and refuses the key with another body', async () => {
    // Prepare
    const idempotency = { username: 'admin', operationId: 'bulkUpdateCustomers', key: 'bulk-key-1', fingerprint: 'f1' };
    const input = { ids: [ofAm1.id, MISSING], changes: { level: 'major' } };
    const first = await bulkUpdateCustomers(deps, { caller: callers.admin, input, mayTransfer: true, idempotency });
    const writes = kit.customers.writes;

    // Act
    const replay = await bulkUpdateCustomers(deps, { caller: callers.admin, input, mayTransfer: true, idempotency });
    const reused = bulkUpdateCustomers(deps, { caller: callers.admin, input, mayTransfer: true, idempotency: { ...idempotency, fingerprint: 'f2' } });

    // Assess
    expect(replay).toEqual(first);
    expect(replay.items[0]).toEqual({ id: ofAm1.id, status: 200, version: 2 });
    await expect(reused).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
    expect(kit.customers.writes).toBe(writes);
  });
});
