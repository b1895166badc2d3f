import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCustomer } from '#functions/customers/customer/create-customer.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers, customerTestKit, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { fakeUserDirectory } from '#test/fakes/fake-user-directory';

describe('createCustomer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(PINNED_NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('makes the account manager who creates a customer its owner, with a generated number and audit fields', async () => {
    // Prepare
    const { deps, customers } = customerTestKit();

    // Act
    const outcome = await createCustomer(deps, { caller: callers.am1, input: { name: '北京石油', level: 'ordinary', status: 'active' } });

    // Assess
    expect(outcome.kind).toBe('created');
    expect(outcome.customer).toMatchObject({
      ownerId: 'am1',
      ownerName: '李雷 Li Lei',
      version: 1,
      createdBy: 'am1',
      createdAt: PINNED_NOW.toISOString(),
      updatedAt: PINNED_NOW.toISOString(),
      tags: [],
    });
    expect(outcome.customer.customerNo).toMatch(/^C261122-[0-9A-Z]{5}$/);
    expect(customers.customers.size).toBe(1);
  });

  it('takes the creator’s owner name from the directory, whatever token they signed in with', async () => {
    // Prepare: the directory names am1 differently from the kit's defaults
    const { deps } = customerTestKit();
    const directory = fakeUserDirectory([{ username: 'am1', name: '张伟', enabled: true, roles: ['account-manager'] }]);

    // Act
    const outcome = await createCustomer({ ...deps, directory }, { caller: callers.am1, input: { name: 'Acme', level: 'ordinary', status: 'active' } });

    // Assess
    expect(outcome.customer).toMatchObject({ ownerId: 'am1', ownerName: '张伟' });
  });

  it('refuses an owner named by an account manager and writes nothing', async () => {
    const { deps, customers } = customerTestKit();

    const attempt = createCustomer(deps, {
      caller: callers.am1,
      input: { name: 'Acme', level: 'ordinary', status: 'active', ownerId: 'am2' },
    });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(customers.customers.size).toBe(0);
  });

  it('lets a manager create on behalf of an enabled account manager, taking the owner name from the directory', async () => {
    const { deps } = customerTestKit();

    const outcome = await createCustomer(deps, {
      caller: callers.sales,
      input: { name: 'Acme', level: 'major', status: 'active', ownerId: 'am2' },
    });

    expect(outcome.customer).toMatchObject({ ownerId: 'am2', ownerName: 'Jane Doe', createdBy: 'sales' });
  });

  it.each([
    ['an unknown user', 'nobody'],
    ['a disabled user', 'gone'],
    ['a user whose role may not own customers', 'exec'],
  ])('refuses %s as owner', async (_label, ownerId) => {
    const { deps, customers } = customerTestKit();

    const attempt = createCustomer(deps, { caller: callers.admin, input: { name: 'Acme', level: 'ordinary', status: 'active', ownerId } });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InvalidOwner });
    expect(customers.customers.size).toBe(0);
  });

  it('refuses a customer number that is already in use', async () => {
    const { deps } = customerTestKit();
    await createCustomer(deps, { caller: callers.admin, input: { name: 'A', level: 'ordinary', status: 'active', customerNo: 'KH-001' } });

    const attempt = createCustomer(deps, { caller: callers.admin, input: { name: 'B', level: 'ordinary', status: 'active', customerNo: 'KH-001' } });

    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.CustomerNoTaken });
  });

  it('draws a new generated number when the first one collides', async () => {
    // Prepare: occupy the number the seeded generator will produce first
    const probe = customerTestKit(7);
    const first = await createCustomer(probe.deps, { caller: callers.admin, input: { name: 'probe', level: 'ordinary', status: 'active' } });
    const { deps, customers } = customerTestKit(7);
    customers.numbers.add(first.customer.customerNo);

    // Act
    const outcome = await createCustomer(deps, { caller: callers.admin, input: { name: 'A', level: 'ordinary', status: 'active' } });

    // Assess
    expect(outcome.customer.customerNo).not.toBe(first.customer.customerNo);
    expect(customers.customers.size).toBe(1);
  });

  it('replays the first answer for the same idempotency key and request, and refuses another request', async () => {
    const { deps, customers } = customerTestKit();
    const claim = { username: 'am1', operationId: 'createCustomer', key: 'key-0001', fingerprint: 'f1' };
    const input = { name: 'Acme', level: 'ordinary', status: 'active' } as const;

    const first = await createCustomer(deps, { caller: callers.am1, input, idempotency: claim });
    const replay = await createCustomer(deps, { caller: callers.am1, input, idempotency: claim });
    const other = createCustomer(deps, { caller: callers.am1, input: { ...input, name: 'Other' }, idempotency: { ...claim, fingerprint: 'f2' } });

    expect(replay).toEqual({ kind: 'replayed', customer: first.customer });
    await expect(other).rejects.toMatchObject({ code: ErrorCode.IdempotencyKeyReused });
    expect(customers.customers.size).toBe(1);
  });
});
