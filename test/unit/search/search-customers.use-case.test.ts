import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { deleteCustomer } from '#functions/customers/customer/delete-customer.use-case';
import { transferCustomer } from '#functions/customers/customer/transfer-customer.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { searchCustomers } from '#functions/customers/search/search-customers.use-case';
import type { SearchCustomersQuery } from '#functions/customers/search/customer-search.schema';
import { callers, customerTestKit } from '#test/fakes/customer-test-kit';
import { InMemoryCustomerSearchIndex } from '#test/fakes/in-memory-search-index';

describe('searchCustomers use case', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let index: InMemoryCustomerSearchIndex;
  const create = async (caller: (typeof callers)[keyof typeof callers], name: string, extra: Record<string, unknown> = {}): Promise<Customer> =>
    (await createCustomer(kit.deps, { caller, input: { name, level: 'major', status: 'active', ...extra } })).customer;
  const search = (caller: (typeof callers)[keyof typeof callers], query: Partial<SearchCustomersQuery>) =>
    searchCustomers({ index }, { caller, query: { limit: 20, ...query } });

  beforeEach(() => {
    kit = customerTestKit();
    index = new InMemoryCustomerSearchIndex(kit.customers);
  });

  it('finds 石油 in the middle of names, ranked exact > prefix > infix', async () => {
    await create(callers.am1, '北京石油化工集团有限公司');
    await create(callers.am1, '石油');
    await create(callers.am1, '石油装备有限公司');
    await create(callers.am1, '上海石化');

    const found = await search(callers.admin, { q: '石油' });

    expect(found.items.map((item) => [item.name, item.rank])).toEqual([
      ['石油', 'exact'],
      ['石油装备有限公司', 'prefix'],
      ['北京石油化工集团有限公司', 'infix'],
    ]);
    expect(found.truncated).toBe(false);
  });

  it('finds a Latin infix of three letters and a Chinese name by its pinyin initials', async () => {
    await create(callers.am1, 'Global Acme Trading');
    await create(callers.am1, '北京石油');

    const latin = await search(callers.admin, { q: 'acme tr' });
    const initials = await search(callers.admin, { q: 'bjs' });

    expect(latin.items.map((item) => [item.name, item.matchedBy, item.rank])).toEqual([['Global Acme Trading', 'name', 'infix']]);
    expect(initials.items.map((item) => [item.name, item.matchedBy, item.rank])).toEqual([['北京石油', 'pinyin', 'prefix']]);
  });

  it('shows an account manager only their own customers, everyone else all', async () => {
    await create(callers.am1, '深圳石油');
    await create(callers.am2, '广州石油');

    const am1 = await search(callers.am1, { q: '石油' });
    const am2 = await search(callers.am2, { q: '石油' });
    const sales = await search(callers.sales, { q: '石油' });

    expect(am1.items.map((item) => item.name)).toEqual(['深圳石油']);
    expect(am2.items.map((item) => item.name)).toEqual(['广州石油']);
    expect(sales.items).toHaveLength(2);
  });

  it('follows renames, transfers and archives (the index is derived from the record)', async () => {
    const customer = await create(callers.sales, '杭州石油', { ownerId: 'am1' });
    await updateCustomer(kit.deps, { caller: callers.sales, customerId: customer.id, changes: { name: '杭州化工' }, expectedVersion: 1 });
    const afterRename = await search(callers.admin, { q: '石油' });
    await transferCustomer(kit.deps, { caller: callers.sales, customerId: customer.id, expectedVersion: 2, input: { ownerId: 'am2' } });
    const am1AfterTransfer = await search(callers.am1, { q: '化工' });
    const am2AfterTransfer = await search(callers.am2, { q: '化工' });
    await deleteCustomer(kit.deps, { caller: callers.sales, customerId: customer.id, expectedVersion: 3 });
    const afterArchive = await search(callers.admin, { q: '化工' });

    expect(afterRename.items).toEqual([]);
    expect(am1AfterTransfer.items).toEqual([]);
    expect(am2AfterTransfer.items.map((item) => item.id)).toEqual([customer.id]);
    expect(afterArchive.items).toEqual([]);
  });

  it('looks customers up by the last 4+ digits or the whole phone number, e-mail, customer number and tax number', async () => {
    const customer = await create(callers.am1, 'Lookup Co', { phone: '+86 138-0013-8000', email: 'Buyer@Example.com', nationalTaxNo: '91110000100000000X' });
    await create(callers.am1, 'Other Co', { phone: '010 6666 9000' });

    const byTail = await search(callers.am1, { phone: '8000' });
    const byWhole = await search(callers.am1, { phone: '13800138000' });
    const byEmail = await search(callers.am1, { email: 'buyer@example.COM' });
    const byNo = await search(callers.am1, { customerNo: customer.customerNo });
    const byTax = await search(callers.am1, { taxNo: '91110000100000000x' });
    const ofOther = await search(callers.am2, { phone: '8000' });

    expect(byTail.items.map((item) => [item.id, item.rank])).toEqual([[customer.id, 'suffix']]);
    expect(byWhole.items.map((item) => [item.id, item.rank])).toEqual([[customer.id, 'exact']]);
    expect(byEmail.items.map((item) => item.id)).toEqual([customer.id]);
    expect(byNo.items.map((item) => [item.id, item.matchedBy])).toEqual([[customer.id, 'customerNo']]);
    expect(byTax.items.map((item) => [item.id, item.matchedBy])).toEqual([[customer.id, 'taxNo']]);
    expect(ofOther.items).toEqual([]);
  });

  it('answers at most `limit` and says when more may match', async () => {
    for (const city of ['北京', '上海', '广州', '深圳']) await create(callers.am1, `${city}有限公司`);

    const found = await search(callers.admin, { q: '有限', limit: 2 });

    expect(found.items).toHaveLength(2);
    expect(found.truncated).toBe(true);
  });

  it('reads at most one bounded page per rank, however many customers share the term', async () => {
    index = new InMemoryCustomerSearchIndex(kit.customers, 3);
    for (let n = 0; n < 6; n += 1) await create(callers.am1, `公司${n}号`);

    const found = await search(callers.admin, { q: '公司' });

    expect(found.items).toHaveLength(3);
    expect(found.truncated).toBe(true);
    expect(index.reads).toBe(2);
  });
});
