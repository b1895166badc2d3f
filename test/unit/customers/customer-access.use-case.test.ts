import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { deleteCustomer } from '#functions/customers/customer/delete-customer.use-case';
import { getCustomer } from '#functions/customers/customer/get-customer.use-case';
import { listCustomers } from '#functions/customers/customer/list-customers.use-case';
import { transferCustomer } from '#functions/customers/customer/transfer-customer.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit } from '#test/fakes/customer-test-kit';

describe('customer use cases: scope, versions and transfers', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let ofAm1: Customer;
  let ofAm2: Customer;

  beforeEach(async () => {
    kit = customerTestKit();
    ofAm1 = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: '北京石油', level: 'major', status: 'active', region: 'north' } })).customer;
    ofAm2 = (await createCustomer(kit.deps, { caller: callers.am2, input: { name: 'Acme', level: 'ordinary', status: 'active' } })).customer;
  });

  it('shows an account manager their own customer and hides another owner’s as not found', async () => {
    await expect(getCustomer(kit.deps, { caller: callers.am1, customerId: ofAm1.id })).resolves.toMatchObject({ id: ofAm1.id });
    await expect(getCustomer(kit.deps, { caller: callers.am1, customerId: ofAm2.id })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    await expect(getCustomer(kit.deps, { caller: callers.sales, customerId: ofAm2.id })).resolves.toMatchObject({ id: ofAm2.id });
  });

  it('never widens an account manager’s list, whatever owner filter they send', async () => {
    const own = await listCustomers(kit.deps, { caller: callers.am1, filters: {}, page: { limit: 25 } });
    const other = await listCustomers(kit.deps, { caller: callers.am1, filters: { ownerId: 'am2' }, page: { limit: 25 } });
    const all = await listCustomers(kit.deps, { caller: callers.admin, filters: {}, page: { limit: 25 } });

    expect(own.items.map((customer) => customer.id)).toEqual([ofAm1.id]);
    expect(other.items).toEqual([]);
    expect(all.items).toHaveLength(2);
  });

  it('finds a Chinese name by its pinyin initials and by its own prefix', async () => {
    const byInitials = await listCustomers(kit.deps, { caller: callers.admin, filters: { q: 'BJ' }, page: { limit: 25 } });
    const byName = await listCustomers(kit.deps, { caller: callers.admin, filters: { q: '北京' }, page: { limit: 25 } });
    const byOtherName = await listCustomers(kit.deps, { caller: callers.admin, filters: { q: '上海' }, page: { limit: 25 } });

    expect(byInitials.items.map((customer) => customer.name)).toEqual(['北京石油']);
    expect(byName.items.map((customer) => customer.name)).toEqual(['北京石油']);
    expect(byOtherName.items).toEqual([]);
  });

  it('updates with the expected version and refuses a stale one', async () => {
    const updated = await updateCustomer(kit.deps, { caller: callers.am1, customerId: ofAm1.id, changes: { credit: 5 }, expectedVersion: 1 });
    const stale = updateCustomer(kit.deps, { caller: callers.am1, customerId: ofAm1.id, changes: { credit: 4 }, expectedVersion: 1 });

    expect(updated).toMatchObject({ credit: 5, version: 2 });
    await expect(stale).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
  });

  it('answers not found, not a version conflict, when an account manager writes another owner’s customer', async () => {
    const attempt = updateCustomer(kit.deps, { caller: callers.am1, customerId: ofAm2.id, changes: { credit: 5 }, expectedVersion: 99 });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect(kit.customers.customers.get(ofAm2.id)?.version).toBe(1);
  });

  it('archives a customer: gone from reads and lists, kept in storage', async () => {
    await deleteCustomer(kit.deps, { caller: callers.am1, customerId: ofAm1.id, expectedVersion: 1 });

    await expect(getCustomer(kit.deps, { caller: callers.admin, customerId: ofAm1.id })).rejects.toMatchObject({ code: ErrorCode.CustomerNotFound });
    expect((await listCustomers(kit.deps, { caller: callers.admin, filters: {}, page: { limit: 25 } })).items).toHaveLength(1);
    expect(kit.customers.customers.get(ofAm1.id)?.deletedAt).toBeDefined();
  });

  it('transfers to an enabled account manager, recording the move, and refuses a transfer to the current owner', async () => {
    const moved = await transferCustomer(kit.deps, { caller: callers.sales, customerId: ofAm1.id, input: { ownerId: 'am2', reason: 'territory change' }, expectedVersion: 1 });
    const again = transferCustomer(kit.deps, { caller: callers.sales, customerId: ofAm1.id, input: { ownerId: 'am2' }, expectedVersion: 2 });

    expect(moved).toMatchObject({ ownerId: 'am2', ownerName: 'Jane Doe', version: 2 });
    expect(kit.customers.transfers).toEqual([{ customerId: ofAm1.id, from: 'am1', to: 'am2', reason: 'territory change' }]);
    await expect(again).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
  });

  it('refuses a transfer to a user who may not own customers, writing nothing', async () => {
    const attempt = transferCustomer(kit.deps, { caller: callers.admin, customerId: ofAm1.id, input: { ownerId: 'exec' }, expectedVersion: 1 });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InvalidOwner });
    expect(kit.customers.customers.get(ofAm1.id)?.ownerId).toBe('am1');
  });
});
