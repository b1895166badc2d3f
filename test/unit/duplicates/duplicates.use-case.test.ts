import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { updateCustomer } from '#functions/customers/customer/update-customer.use-case';
import { deleteCustomer } from '#functions/customers/customer/delete-customer.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';

describe('duplicates on create and update', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(PINNED_NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('refuses a create matching another customer by normalised name with 409, naming the candidate and the rule', async () => {
    // Prepare
    const { deps, customers } = customerTestKit();
    const first = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: '北京石油化工集团有限公司' } })).customer;

    // Act
    const error = await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: '北京石油化工 股份有限公司' } }).catch((caught: unknown) => caught);

    // Assess: nothing written
    expect(error).toMatchObject({
      code: ErrorCode.PossibleDuplicate,
      details: { extensions: { candidates: [{ id: first.id, name: '北京石油化工集团有限公司', matchedBy: ['name'] }], hiddenCandidates: 0 } },
    });
    expect(customers.customers.size).toBe(1);
  });

  it('counts but does not describe candidates outside an account manager’s scope', async () => {
    // Prepare: am2's customer shares the phone
    const { deps } = customerTestKit();
    await createCustomer(deps, { caller: callers.am2, input: { level: 'ordinary', status: 'active', name: 'Other Co', phone: '+86 138 0013 8000' } });

    // Act
    const error = await createCustomer(deps, { caller: callers.am1, input: { level: 'ordinary', status: 'active', name: 'Mine Co', phone: '13800138000' } }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ code: ErrorCode.PossibleDuplicate, details: { extensions: { candidates: [], hiddenCandidates: 1 } } });
  });

  it('creates the duplicate when allowed, and records the pair with the rules that matched', async () => {
    // Prepare
    const { deps, customers } = customerTestKit();
    const first = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Acme Ltd', email: 'a@acme.cn' } })).customer;

    // Act
    const second = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'ACME Inc.', email: 'b@ACME.cn' }, allowDuplicate: true })).customer;

    // Assess
    expect(customers.customers.size).toBe(2);
    const pairId = [first.id, second.id].sort().join('-');
    expect(customers.pairs.get(pairId)).toEqual({ rules: ['domain', 'name'], by: 'sales' });
  });

  it('refuses an update that takes another customer’s tax number, and lets an unrelated change through', async () => {
    // Prepare
    const { deps, customers } = customerTestKit();
    await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Holder', nationalTaxNo: '91110000100012345X' } });
    const other = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Other' } })).customer;

    // Act
    const refused = await updateCustomer(deps, { caller: callers.sales, customerId: other.id, changes: { nationalTaxNo: '9111-0000-1000-12345x' }, expectedVersion: 1 }).catch((caught: unknown) => caught);
    const levelOnly = await updateCustomer(deps, { caller: callers.sales, customerId: other.id, changes: { level: 'major' }, expectedVersion: 1 });

    // Assess
    expect(refused).toMatchObject({ code: ErrorCode.PossibleDuplicate, details: { extensions: { candidates: [{ name: 'Holder', matchedBy: ['tax'] }] } } });
    expect(levelOnly.version).toBe(2);
    expect(customers.customers.get(other.id)?.nationalTaxNo).toBeUndefined();
  });

  it('frees a customer’s keys when it is archived or renamed', async () => {
    // Prepare
    const { deps } = customerTestKit();
    const first = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Alpha' } })).customer;
    const second = (await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Beta' } })).customer;

    // Act
    await deleteCustomer(deps, { caller: callers.sales, customerId: first.id, expectedVersion: 1 });
    await updateCustomer(deps, { caller: callers.sales, customerId: second.id, changes: { name: 'Gamma' }, expectedVersion: 1 });

    // Assess: both names are free again
    await expect(createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'alpha' } })).resolves.toMatchObject({ kind: 'created' });
    await expect(createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'BETA' } })).resolves.toMatchObject({ kind: 'created' });
  });

  it('replays an idempotent create instead of calling it a duplicate of itself', async () => {
    // Prepare
    const { deps } = customerTestKit();
    const idempotency = { username: 'sales', operationId: 'createCustomer', key: 'k1', fingerprint: 'f1' };
    const first = await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Same' }, idempotency });

    // Act
    const again = await createCustomer(deps, { caller: callers.sales, input: { level: 'ordinary', status: 'active', name: 'Same' }, idempotency });

    // Assess
    expect(again).toEqual({ kind: 'replayed', customer: first.customer });
  });
});
