import { beforeEach, describe, expect, it } from 'vitest';
import { addLostCustomerMeasure } from '#functions/customers/lost-customers/add-lost-customer-measure.use-case';
import { confirmLostCustomer } from '#functions/customers/lost-customers/confirm-lost-customer.use-case';
import { getLostCustomer } from '#functions/customers/lost-customers/get-lost-customer.use-case';
import { listLostCustomers } from '#functions/customers/lost-customers/list-lost-customers.use-case';
import type { LostCustomerDependencies } from '#functions/customers/lost-customers/lost-customer.dependencies';
import type { LostCustomer } from '#functions/customers/lost-customers/lost-customer.schema';
import { ErrorCode } from '#shared/core/errors';
import { callers, PINNED_NOW } from '#test/fakes/customer-test-kit';
import { recordingReadGuard } from '#test/fakes/fake-read-guard';
import { InMemoryLostCustomerRepository } from '#test/fakes/in-memory-lost-customer.repository';

const record = (customerId: string, ownerId: string, overrides: Partial<LostCustomer> = {}): LostCustomer => ({
  customerId,
  customerNo: `C-${customerId.slice(-4)}`,
  customerName: `Customer ${customerId}`,
  ownerId,
  status: 'warning',
  openedAt: '2026-11-20T18:30:00.000Z',
  watchSince: '2026-04-01T00:00:00.000Z',
  lastOrderAt: '2026-04-01T00:00:00.000Z',
  thresholdMonths: 6,
  measures: [],
  version: 1,
  createdAt: '2026-11-20T18:30:00.000Z',
  createdBy: 'system:churn-detection',
  updatedAt: '2026-11-20T18:30:00.000Z',
  updatedBy: 'system:churn-detection',
  ...overrides,
});

describe('lost-customer use cases', () => {
  const OF_AM1 = '01KAAAAAAAAAAAAAAAAAAAAAA1';
  const OF_AM2 = '01KAAAAAAAAAAAAAAAAAAAAAA2';
  let repository: InMemoryLostCustomerRepository;
  let deps: LostCustomerDependencies;
  let reads: ReturnType<typeof recordingReadGuard>;

  beforeEach(() => {
    repository = new InMemoryLostCustomerRepository();
    reads = recordingReadGuard();
    deps = { lostCustomers: repository, clock: { now: () => PINNED_NOW }, readGuard: reads.guard };
    for (const [id, ownerId] of [[OF_AM1, 'am1'], [OF_AM2, 'am2']] as const) {
      repository.records.set(id, record(id, ownerId));
      repository.customers.set(id, { ownerId, archived: false, status: 'active', churnStatus: 'warning' });
    }
  });

  it('lets the owner record retention measures: warning → delaying, each measure appended with who and when', async () => {
    // Act
    const first = await addLostCustomerMeasure(deps, { caller: callers.am1, customerId: OF_AM1, input: { measure: 'Visited the buyer.' }, expectedVersion: 1 });
    const second = await addLostCustomerMeasure(deps, { caller: callers.sales, customerId: OF_AM1, input: { measure: '5% off.' }, expectedVersion: 2 });

    // Assess
    expect(first).toMatchObject({ status: 'delaying', version: 2 });
    expect(second.measures).toEqual([
      { measure: 'Visited the buyer.', at: PINNED_NOW.toISOString(), by: 'am1' },
      { measure: '5% off.', at: PINNED_NOW.toISOString(), by: 'sales' },
    ]);
    expect(repository.customers.get(OF_AM1)?.churnStatus).toBe('delaying');
  });

  it('hides another owner\'s record from an account manager (404) and changes nothing', async () => {
    await expect(getLostCustomer(deps, { caller: callers.am1, customerId: OF_AM2 })).rejects.toMatchObject({ code: ErrorCode.LostCustomerNotFound });
    await expect(
      addLostCustomerMeasure(deps, { caller: callers.am1, customerId: OF_AM2, input: { measure: 'x' }, expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: ErrorCode.LostCustomerNotFound });
    expect(repository.records.get(OF_AM2)).toMatchObject({ status: 'warning', version: 1 });
  });

  it('confirms a loss: the record is lost with its reason, the customer is lost, the churn count goes up', async () => {
    // Act
    const lost = await confirmLostCustomer(deps, { caller: callers.sales, customerId: OF_AM1, input: { reason: 'competitor', detail: 'Moved to a rival.' }, expectedVersion: 1 });

    // Assess
    expect(lost).toMatchObject({ status: 'lost', reason: 'competitor', detail: 'Moved to a rival.', confirmedBy: 'sales', version: 2 });
    expect(repository.customers.get(OF_AM1)?.status).toBe('lost');
    expect(repository.lostPerReason.get('2026-11#competitor')).toBe(1);
  });

  it.each([
    ['lost', 'confirmLostCustomer'],
    ['recovered', 'confirmLostCustomer'],
    ['lost', 'addLostCustomerMeasure'],
    ['recovered', 'addLostCustomerMeasure'],
  ] as const)('refuses to act on a %s record (409) — %s', async (status, action) => {
    // Prepare
    repository.records.set(OF_AM1, record(OF_AM1, 'am1', { status }));

    // Act
    const attempt =
      action === 'confirmLostCustomer'
        ? confirmLostCustomer(deps, { caller: callers.admin, customerId: OF_AM1, input: { reason: 'price' }, expectedVersion: 1 })
        : addLostCustomerMeasure(deps, { caller: callers.admin, customerId: OF_AM1, input: { measure: 'x' }, expectedVersion: 1 });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(repository.records.get(OF_AM1)).toMatchObject({ status, version: 1 });
  });

  it('refuses a stale If-Match (412)', async () => {
    await expect(
      confirmLostCustomer(deps, { caller: callers.admin, customerId: OF_AM1, input: { reason: 'price' }, expectedVersion: 3 }),
    ).rejects.toMatchObject({ code: ErrorCode.VersionConflict });
  });

  it('answers 404 for the record of an archived customer', async () => {
    repository.customers.set(OF_AM1, { ...repository.customers.get(OF_AM1)!, archived: true });
    await expect(getLostCustomer(deps, { caller: callers.admin, customerId: OF_AM1 })).rejects.toMatchObject({ code: ErrorCode.LostCustomerNotFound });
  });

  it('lists only an account manager\'s own records, whatever they ask', async () => {
    const own = await listLostCustomers(deps, { caller: callers.am1, filters: {}, page: { limit: 25 } });
    const all = await listLostCustomers(deps, { caller: callers.admin, filters: { status: 'warning' }, page: { limit: 25 } });

    expect(own.items.map((item) => item.customerId)).toEqual([OF_AM1]);
    expect(all.items).toHaveLength(2);
  });

  it('counts each lost-customer record read for the data-exfiltration guard: 1 per get, the page for a list', async () => {
    await getLostCustomer(deps, { caller: callers.am1, customerId: OF_AM1 });
    await listLostCustomers(deps, { caller: callers.sales, filters: {}, page: { limit: 25 } });

    expect(reads.settled).toEqual([
      { username: 'am1', charged: 1, returned: 1 },
      { username: 'sales', charged: 25, returned: 2 },
    ]);
  });
});
