import { describe, expect, it } from 'vitest';
import { customersDisclosedBy } from '#functions/admin/audit/audit.rules';
import { getCustomerHistory } from '#functions/admin/audit/get-customer-history.use-case';
import { listAuditEntries } from '#functions/admin/audit/list-audit-entries.use-case';
import type { Caller } from '#shared/auth/caller';
import type { AuditEntry } from '#shared/audit/audit';
import { ulidGenerator, seededRandom } from '#shared/core/clock';
import { fieldsHiddenFrom } from '#shared/auth/field-visibility';
import type { Role } from '#shared/auth/roles';
import { recordingReadGuard } from '#test/fakes/fake-read-guard';
import { InMemoryAuditReader } from '#test/fakes/in-memory-audit-reader';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const sales = { username: 'sales', scope: 'all' } as Caller;
const am1 = { username: 'am1', scope: 'own' } as Caller;

/** A trail of `customers` new customers (one create entry each, carrying the whole record) plus other entries. */
const arrange = (customers: number) => {
  const ids = ulidGenerator(seededRandom(3));
  const reader = new InMemoryAuditReader();
  const at = NOW.toISOString();
  for (let n = 0; n < customers; n += 1) {
    const id = `C${n}`;
    reader.customers.set(id, { ownerId: 'am1', archived: false });
    reader.entries.push({ id: ids.next(), at, actor: 'sales', action: 'create', entityType: 'customer', entityId: id, customerId: id, changes: [{ field: 'name', new: `客户 ${n}` }] });
    reader.entries.push({ id: ids.next(), at, actor: 'sales', action: 'create', entityType: 'contact', entityId: `K${n}`, customerId: id, changes: [] });
  }
  reader.entries.push({ id: ids.next(), at, actor: 'admin', action: 'create', entityType: 'product', entityId: 'P1', changes: [] });
  const recorder = recordingReadGuard();
  return { deps: { audit: reader, clock: { now: () => NOW }, readGuard: recorder.guard }, settled: recorder.settled };
};

describe('the audit trail counts the customer records it discloses (exfiltration guard)', () => {
  it('counts distinct customers of customer and lost-customer entries, not other entries', () => {
    // Prepare
    const entry = (entityType: AuditEntry['entityType'], customerId: string | undefined): AuditEntry =>
      ({ id: 'x', at: NOW.toISOString(), actor: 'a', action: 'update', entityType, entityId: customerId ?? 'P', customerId, changes: [] });

    // Act
    const count = customersDisclosedBy([entry('customer', 'A'), entry('customer', 'A'), entry('lost-customer', 'B'), entry('contact', 'C'), entry('product', undefined)]);

    // Assess
    expect(count).toBe(2);
  });

  it('charges the day view the page limit up front and settles on the customers it held', async () => {
    // Prepare
    const { deps, settled } = arrange(18);

    // Act
    const page = await listAuditEntries(deps, { caller: sales, filters: {}, page: { limit: 25 } });

    // Assess
    expect(page.items).toHaveLength(25);
    expect(settled).toEqual([{ username: 'sales', charged: 25, returned: new Set(page.items.filter((e) => e.entityType === 'customer').map((e) => e.entityId)).size }]);
    expect(settled[0]!.returned).toBeGreaterThanOrEqual(12);
  });

  it('counts the actor view the same way', async () => {
    // Prepare
    const { deps, settled } = arrange(5);

    // Act
    await listAuditEntries(deps, { caller: sales, filters: { actor: 'sales' }, page: { limit: 100 } });

    // Assess
    expect(settled).toEqual([{ username: 'sales', charged: 100, returned: 5 }]);
  });

  it("counts one record's history as one customer read, and a product's history not at all", async () => {
    // Prepare
    const { deps, settled } = arrange(2);

    // Act
    await listAuditEntries(deps, { caller: am1, filters: { entityType: 'customer', entityId: 'C1' }, page: { limit: 25 } });
    await listAuditEntries(deps, { caller: sales, filters: { entityType: 'product', entityId: 'P1' }, page: { limit: 25 } });

    // Assess
    expect(settled).toEqual([{ username: 'am1', charged: 1, returned: 1 }]);
  });

  it("counts a customer's history (GET /v1/customers/{id}/history) as one customer read", async () => {
    // Prepare
    const { deps, settled } = arrange(3);

    // Act
    const page = await getCustomerHistory(deps, { caller: am1, customerId: 'C2', range: {}, page: { limit: 25 } });

    // Assess
    expect(page.items).toHaveLength(2);
    expect(settled).toEqual([{ username: 'am1', charged: 1, returned: 1 }]);
  });

  it('refuses an account manager the day view before anything is counted', async () => {
    // Prepare
    const { deps, settled } = arrange(1);

    // Act
    const refused = listAuditEntries(deps, { caller: am1, filters: {}, page: { limit: 25 } });

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'Forbidden' });
    expect(settled).toEqual([]);
  });
});

describe('the audit trail hides the fields a role may not read', () => {
  it("leaves a product's cost price out of an executive's and an account manager's view, not a sales manager's", async () => {
    // Prepare
    const { deps } = arrange(0);
    deps.audit.entries.push({
      id: '01JTESTPRODUCTENTRY0000000', at: NOW.toISOString(), actor: 'admin', action: 'update', entityType: 'product', entityId: 'P1',
      changes: [{ field: 'costPrice', old: { amount: 100, currency: 'CNY' }, new: { amount: 120, currency: 'CNY' } }, { field: 'name', old: 'a', new: 'b' }],
    });
    const read = (role: Role) =>
      listAuditEntries(deps, { caller: sales, filters: { entityType: 'product', entityId: 'P1' }, page: { limit: 25 }, hiddenFields: fieldsHiddenFrom(role) });

    // Act
    const [executive, manager] = await Promise.all([read('executive'), read('sales-manager')]);

    // Assess
    expect(executive.items.flatMap((entry) => entry.changes.map((change) => change.field))).toEqual(['name']);
    expect(manager.items.flatMap((entry) => entry.changes.map((change) => change.field)).sort()).toEqual(['costPrice', 'name']);
    expect(fieldsHiddenFrom('account-manager').get('product')?.has('costPrice')).toBe(true);
    expect(fieldsHiddenFrom('admin').size).toBe(0);
  });
});
