import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { deleteCustomer } from '#functions/customers/customer/delete-customer.use-case';
import { syncCustomers } from '#functions/customers/customer/sync-customers.use-case';
import { transferCustomer } from '#functions/customers/customer/transfer-customer.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { FULL_SYNC_SINCE, SYNC_SETTLE_MS } from '#shared/customer-records/delta-sync';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';

const at = (minutes: number) => new Date(PINNED_NOW.getTime() + minutes * 60_000);

describe('syncCustomers: the delta feed', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let now: Date;
  let bravo: Customer;
  let alpha: Customer;

  const feed = (caller: Caller, updatedSince: string, filters = {}) =>
    syncCustomers(kit.deps, { caller, updatedSince, filters, page: { limit: 25 } });
  const summary = (items: Awaited<ReturnType<typeof feed>>['items']) =>
    items.map((item) => ('deleted' in item ? `-${item.id === bravo.id ? 'Bravo' : 'Alpha'}:${item.reason}` : item.name));

  beforeEach(async () => {
    const base = customerTestKit();
    now = PINNED_NOW;
    kit = { ...base, deps: { ...base.deps, clock: { now: () => now } } };
    bravo = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: 'Bravo', level: 'major', status: 'active' } })).customer;
    now = at(1);
    alpha = (await createCustomer(kit.deps, { caller: callers.am2, input: { name: 'Alpha', level: 'major', status: 'active' } })).customer;
    now = at(60);
  });

  it('answers the customers changed since, in change order, up to the settling window', async () => {
    // Prepare
    now = at(120);
    await updateCustomer(kit.deps, { caller: callers.admin, customerId: bravo.id, changes: { credit: 4 }, expectedVersion: 1 });
    now = new Date(at(120).getTime() + SYNC_SETTLE_MS - 1);

    // Act
    const settling = await feed(callers.admin, at(30).toISOString());
    now = at(121);
    const settled = await feed(callers.admin, at(30).toISOString());

    // Assess
    expect(summary(settling.items)).toEqual([]);
    expect(summary(settled.items)).toEqual(['Bravo']);
    expect(settled.window).toEqual({ since: at(30).toISOString(), until: new Date(at(121).getTime() - SYNC_SETTLE_MS).toISOString() });
  });

  it('gives an account manager a tombstone for a customer transferred away, and the new owner the customer', async () => {
    // Prepare
    now = at(120);
    await transferCustomer(kit.deps, { caller: callers.admin, customerId: bravo.id, input: { ownerId: 'am2' }, expectedVersion: 1 });
    now = at(121);

    // Act
    const previousOwner = await feed(callers.am1, at(30).toISOString());
    const newOwner = await feed(callers.am2, at(30).toISOString());
    const everyone = await feed(callers.sales, at(30).toISOString());

    // Assess
    expect(summary(previousOwner.items)).toEqual(['-Bravo:transferred']);
    expect(previousOwner.items[0]).toEqual({ id: bravo.id, deleted: true, deletedAt: at(120).toISOString(), reason: 'transferred' });
    expect(summary(newOwner.items)).toEqual(['Bravo']);
    expect(summary(everyone.items)).toEqual(['Bravo']);
  });

  it('gives everyone who saw an archived customer its tombstone', async () => {
    // Prepare
    now = at(120);
    await deleteCustomer(kit.deps, { caller: callers.admin, customerId: alpha.id, expectedVersion: 1 });
    now = at(121);

    // Act
    const owner = await feed(callers.am2, FULL_SYNC_SINCE);
    const other = await feed(callers.am1, FULL_SYNC_SINCE);
    const admin = await feed(callers.admin, FULL_SYNC_SINCE);

    // Assess
    expect(summary(owner.items)).toEqual(['-Alpha:archived']);
    expect(summary(other.items)).toEqual(['Bravo']);
    expect(summary(admin.items)).toEqual(['Bravo', '-Alpha:archived']);
  });

  it('never widens an account manager’s feed with ownerId; a manager may narrow to one owner', async () => {
    now = at(121);

    expect(summary((await feed(callers.am1, FULL_SYNC_SINCE, { ownerId: 'am2' })).items)).toEqual([]);
    expect(summary((await feed(callers.sales, FULL_SYNC_SINCE, { ownerId: 'am2' })).items)).toEqual(['Alpha']);
  });

  it('pages through the feed with its cursor, each change once', async () => {
    const first = await syncCustomers(kit.deps, { caller: callers.admin, updatedSince: FULL_SYNC_SINCE, filters: {}, page: { limit: 1 } });
    const second = await syncCustomers(kit.deps, {
      caller: callers.admin,
      updatedSince: FULL_SYNC_SINCE,
      filters: {},
      page: { limit: 1, startKey: first.lastKey! },
    });

    expect(summary([...first.items, ...second.items])).toEqual(['Bravo', 'Alpha']);
    expect(second.lastKey).toBeUndefined();
  });

  it('refuses an instant beyond the clock skew or older than the tombstone retention, naming updatedSince', async () => {
    const future = feed(callers.admin, new Date(now.getTime() + 6 * 60_000).toISOString());
    const old = feed(callers.admin, new Date(now.getTime() - 31 * 86_400_000).toISOString());
    const nearFuture = await feed(callers.admin, new Date(now.getTime() + 60_000).toISOString());

    await expect(future).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
    await expect(old).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.updatedSince' }] } });
    expect(nearFuture.items).toEqual([]);
    expect(nearFuture.window.until).toBe(nearFuture.window.since);
  });

  it('refuses a sort, a search or a filter with the feed, naming each', async () => {
    const attempt = feed(callers.admin, FULL_SYNC_SINCE, { sort: 'name', level: 'major', custom: [{ key: 'tier', code: 'gold', match: 'equals' }] });

    await expect(attempt).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { errors: [{ path: 'query.sort' }, { path: 'query.level' }, { path: 'query.custom' }] },
    });
  });
});
