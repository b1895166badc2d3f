import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { listCustomers, type CustomerFilters } from '#functions/customers/customer/list-customers.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import type { Caller } from '#shared/auth/caller';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';

describe('listCustomers: orders and filters', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let now: Date;
  let made: Customer[];

  const names = async (caller: Caller, filters: CustomerFilters) =>
    (await listCustomers(kit.deps, { caller, filters, page: { limit: 25 } })).items.map((customer) => customer.name);

  beforeEach(async () => {
    now = PINNED_NOW;
    const base = customerTestKit();
    kit = { ...base, deps: { ...base.deps, clock: { now: () => now } } };
    made = [];
    const inputs = [
      { caller: callers.am1, input: { name: 'Bravo', level: 'major', status: 'active' as const, industry: 'it', type: 'partner' as const, tags: ['vip', 'north'] } },
      { caller: callers.am2, input: { name: 'Alpha', level: 'ordinary', status: 'active' as const, industry: 'energy', province: '440000', city: '440300', tags: ['vip'] } },
      { caller: callers.am1, input: { name: 'Charlie', level: 'ordinary', status: 'inactive' as const, industry: 'it', source: 'referral' } },
    ];
    for (const [n, { caller, input }] of inputs.entries()) {
      now = new Date(PINNED_NOW.getTime() + n * 60_000);
      made.push((await createCustomer(kit.deps, { caller, input })).customer);
    }
  });

  it('orders by creation time both ways, for every scope', async () => {
    const ascending = await names(callers.admin, { sort: 'createdAt' });
    const descending = await names(callers.admin, { sort: '-createdAt' });
    const own = await names(callers.am1, { sort: '-createdAt' });

    expect(ascending).toEqual(['Bravo', 'Alpha', 'Charlie']);
    expect(descending).toEqual(['Charlie', 'Alpha', 'Bravo']);
    expect(own).toEqual(['Charlie', 'Bravo']);
  });

  it('orders by update time: the customer changed last comes first in -updatedAt', async () => {
    now = new Date(PINNED_NOW.getTime() + 3_600_000);
    await updateCustomer(kit.deps, { caller: callers.admin, customerId: made[0]!.id, changes: { credit: 4 }, expectedVersion: 1 });

    expect(await names(callers.admin, { sort: '-updatedAt' })).toEqual(['Bravo', 'Charlie', 'Alpha']);
    expect(await names(callers.admin, { sort: '-name' })).toEqual(['Charlie', 'Bravo', 'Alpha']);
  });

  it('orders by last order date, customers that never ordered sorting as oldest', async () => {
    kit.customers.customers.get(made[2]!.id)!.lastOrderAt = '2026-10-01T00:00:00.000Z';
    kit.customers.customers.get(made[1]!.id)!.lastOrderAt = '2026-11-01T00:00:00.000Z';

    expect(await names(callers.admin, { sort: '-lastOrderAt' })).toEqual(['Alpha', 'Charlie', 'Bravo']);
    expect(await names(callers.admin, { sort: 'lastOrderAt' })).toEqual(['Bravo', 'Charlie', 'Alpha']);
  });

  it('combines filters with each other, with an order and with the index filters', async () => {
    expect(await names(callers.admin, { industry: 'it', sort: '-createdAt' })).toEqual(['Charlie', 'Bravo']);
    expect(await names(callers.admin, { industry: 'it', status: 'active' })).toEqual(['Bravo']);
    expect(await names(callers.admin, { tags: ['vip'], sort: 'createdAt' })).toEqual(['Bravo', 'Alpha']);
    expect(await names(callers.admin, { tags: ['vip', 'north'] })).toEqual(['Bravo']);
    expect(await names(callers.admin, { type: 'partner' })).toEqual(['Bravo']);
    expect(await names(callers.admin, { type: 'customer', source: 'referral' })).toEqual(['Charlie']);
    expect(await names(callers.admin, { province: '440000', city: '440300', level: 'ordinary' })).toEqual(['Alpha']);
  });

  it('never widens an account manager’s list with a filter or an order', async () => {
    expect(await names(callers.am1, { tags: ['vip'], sort: 'lastOrderAt' })).toEqual(['Bravo']);
    expect(await names(callers.am1, { ownerId: 'am2', sort: 'createdAt' })).toEqual([]);
  });

  it('pages through an order with its cursor, each customer once', async () => {
    const first = await listCustomers(kit.deps, { caller: callers.admin, filters: { sort: '-createdAt' }, page: { limit: 2 } });
    const second = await listCustomers(kit.deps, { caller: callers.admin, filters: { sort: '-createdAt' }, page: { limit: 2, startKey: first.lastKey! } });

    expect([...first.items, ...second.items].map((customer) => customer.name)).toEqual(['Charlie', 'Alpha', 'Bravo']);
    expect(second.lastKey).toBeUndefined();
  });

  it('refuses a name search in a time order, naming the sort', async () => {
    const attempt = listCustomers(kit.deps, { caller: callers.admin, filters: { q: 'Al', sort: 'createdAt' }, page: { limit: 25 } });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'query.sort' }] } });
    expect(await names(callers.admin, { q: 'Al', sort: '-name' })).toEqual(['Alpha']);
  });
});
