import { beforeEach, describe, expect, it } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { getCustomer } from '#functions/customers/customer/get-customer.use-case';
import { listCustomers } from '#functions/customers/customer/list-customers.use-case';
import type { Customer } from '#functions/customers/customer/customer.schema';
import { callers, customerTestKit } from '#test/fakes/customer-test-kit';

/** What each customers read charges the data-exfiltration guard, and what it reports as returned. */
describe('customer-record reads counted by the read guard', () => {
  let kit: ReturnType<typeof customerTestKit>;
  let ofAm1: Customer;
  let ofAm2: Customer;

  beforeEach(async () => {
    kit = customerTestKit();
    ofAm1 = (await createCustomer(kit.deps, { caller: callers.am1, input: { name: '北京石油', level: 'major', status: 'active' } })).customer;
    ofAm2 = (await createCustomer(kit.deps, { caller: callers.am2, input: { name: 'Acme', level: 'ordinary', status: 'active' } })).customer;
    kit.readsSettled.length = 0;
  });

  it('counts one record per customer read, for the caller, and none for a customer they may not see', async () => {
    await getCustomer(kit.deps, { caller: callers.am1, customerId: ofAm1.id });
    await getCustomer(kit.deps, { caller: callers.am1, customerId: ofAm2.id }).catch(() => undefined);

    expect(kit.readsSettled).toEqual([
      { username: 'am1', charged: 1, returned: 1 },
      { username: 'am1', charged: 1, returned: 0 },
    ]);
  });

  it('charges a list page its limit and judges it on the customers on the page', async () => {
    await listCustomers(kit.deps, { caller: callers.admin, filters: {}, page: { limit: 25 } });

    expect(kit.readsSettled).toEqual([{ username: 'admin', charged: 25, returned: 2 }]);
  });

  it('counts nothing for an account manager’s request for another owner’s list (answered empty, nothing read)', async () => {
    await listCustomers(kit.deps, { caller: callers.am1, filters: { ownerId: 'am2' }, page: { limit: 25 } });

    expect(kit.readsSettled).toEqual([]);
  });
});
