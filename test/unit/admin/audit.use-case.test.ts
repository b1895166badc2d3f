import { beforeEach, describe, expect, it } from 'vitest';
import type { AuditDependencies, PageKey } from '#functions/admin/audit/audit.ports';
import { getCustomerHistory } from '#functions/admin/audit/get-customer-history.use-case';
import { DEFAULT_DAYS, listAuditEntries, MAX_DAY_QUERIES_PER_PAGE, type AuditFilters } from '#functions/admin/audit/list-audit-entries.use-case';
import type { Caller } from '#shared/auth/caller';
import type { AuditEntry } from '#shared/audit/audit';
import { ulidGenerator, seededRandom } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { recordingReadGuard } from '#test/fakes/fake-read-guard';
import { InMemoryAuditReader } from '#test/fakes/in-memory-audit-reader';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const admin: Caller = { username: 'admin', scope: 'all' };
const am1: Caller = { username: 'am1', scope: 'own' };
const OWN = 'C1';
const OTHERS = 'C2';

describe('audit read use cases', () => {
  let reader: InMemoryAuditReader;
  let deps: AuditDependencies;
  const ids = ulidGenerator(seededRandom(8));
  const entry = (overrides: Partial<AuditEntry> & Pick<AuditEntry, 'at'>): AuditEntry => {
    const created: AuditEntry = { id: ids.next(), actor: 'sales', action: 'update', entityType: 'customer', entityId: OWN, customerId: OWN, changes: [], ...overrides };
    reader.entries.push(created);
    return created;
  };
  const list = (caller: Caller, filters: AuditFilters, limit = 25, startKey?: PageKey) =>
    listAuditEntries(deps, { caller, filters, page: { limit, startKey } });
  /** Follows the cursor to the end. */
  const all = async (caller: Caller, filters: AuditFilters, limit: number): Promise<AuditEntry[]> => {
    const items: AuditEntry[] = [];
    let startKey: PageKey | undefined;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await list(caller, filters, limit, startKey);
      items.push(...page.items);
      if (!page.lastKey) return items;
      startKey = page.lastKey;
    }
    throw new Error('paging does not end');
  };

  beforeEach(() => {
    reader = new InMemoryAuditReader();
    reader.customers.set(OWN, { ownerId: 'am1', archived: false });
    reader.customers.set(OTHERS, { ownerId: 'am2', archived: false });
    deps = { audit: reader, clock: { now: () => NOW }, readGuard: recordingReadGuard().guard };
  });

  describe('GET /v1/audit, scope all', () => {
    it("gives one record's history, newest first, and nothing of other records", async () => {
      // Prepare
      const first = entry({ at: '2026-11-20T08:00:00.000Z', action: 'create' });
      const second = entry({ at: '2026-11-21T08:00:00.000Z' });
      entry({ at: '2026-11-21T09:00:00.000Z', entityType: 'contact', entityId: 'K1' });

      // Act
      const page = await list(admin, { entityType: 'customer', entityId: OWN });

      // Assess
      expect(page.items).toEqual([second, first]);
      expect(page.lastKey).toBeUndefined();
    });

    it("gives what one actor changed, narrowed to the days asked", async () => {
      // Prepare
      entry({ at: '2026-11-01T08:00:00.000Z', actor: 'am2' });
      const inRange = entry({ at: '2026-11-10T23:59:59.999Z', actor: 'am2' });
      entry({ at: '2026-11-11T00:00:00.000Z', actor: 'am2' });
      entry({ at: '2026-11-10T12:00:00.000Z', actor: 'sales' });

      // Act
      const page = await list(admin, { actor: 'am2', from: '2026-11-02', to: '2026-11-10' });

      // Assess
      expect(page.items).toEqual([inRange]);
    });

    it('walks the days newest first and pages through all of them without a gap or a repeat', async () => {
      // Prepare: 7 entries over 4 days, one quiet day between
      const made = [
        entry({ at: '2026-11-15T08:00:00.000Z' }),
        entry({ at: '2026-11-15T09:00:00.000Z' }),
        entry({ at: '2026-11-17T08:00:00.000Z' }),
        entry({ at: '2026-11-18T08:00:00.000Z' }),
        entry({ at: '2026-11-18T08:00:00.000Z' }),
        entry({ at: '2026-11-18T10:00:00.000Z' }),
        entry({ at: '2026-11-22T07:00:00.000Z' }),
      ];
      entry({ at: '2026-11-14T23:59:59.999Z' });

      // Act
      const items = await all(admin, { from: '2026-11-15', to: '2026-11-22' }, 2);

      // Assess
      const newestFirst = [...made].sort((a, b) => (`${a.at}#${a.id}` < `${b.at}#${b.id}` ? 1 : -1));
      expect(items).toEqual(newestFirst);
    });

    it('fills a page from several days', async () => {
      // Prepare
      const older = entry({ at: '2026-11-19T08:00:00.000Z' });
      const newer = entry({ at: '2026-11-21T08:00:00.000Z' });

      // Act
      const page = await list(admin, {}, 2);

      // Assess
      expect(page.items).toEqual([newer, older]);
    });

    it(`covers the last ${DEFAULT_DAYS} UTC days when no range is given`, async () => {
      // Prepare
      const oldest = entry({ at: '2026-10-24T00:00:00.000Z' });
      entry({ at: '2026-10-23T23:59:59.999Z' });

      // Act
      const items = await all(admin, {}, 25);

      // Assess
      expect(items).toEqual([oldest]);
    });

    it(`reads at most ${MAX_DAY_QUERIES_PER_PAGE} day partitions per page, and answers a cursor to go on`, async () => {
      // Prepare: a year-long range with one entry on its first day
      const lonely = entry({ at: '2025-11-23T08:00:00.000Z' });

      // Act
      const first = await list(admin, { from: '2025-11-23', to: '2026-11-22' });
      const queriedForFirstPage = reader.dayQueries.length;
      const items = await all(admin, { from: '2025-11-23', to: '2026-11-22' }, 25);

      // Assess
      expect(first.items).toEqual([]);
      expect(first.lastKey).toBeDefined();
      expect(queriedForFirstPage).toBe(MAX_DAY_QUERIES_PER_PAGE);
      expect(items).toEqual([lonely]);
    });

    it('does not walk days after today', async () => {
      // Act
      await list(admin, { from: '2026-11-20', to: '2026-12-31' });

      // Assess
      expect(reader.dayQueries).toEqual(['2026-11-22', '2026-11-21', '2026-11-20']);
    });
  });

  describe('GET /v1/audit, account manager (scope own)', () => {
    it('gives the history of a customer they own, and of a record under it', async () => {
      // Prepare
      const customerEntry = entry({ at: '2026-11-20T08:00:00.000Z' });
      const contactEntry = entry({ at: '2026-11-20T09:00:00.000Z', entityType: 'contact', entityId: 'K1' });

      // Act
      const customer = await list(am1, { entityType: 'customer', entityId: OWN });
      const contact = await list(am1, { entityType: 'contact', entityId: 'K1' });

      // Assess
      expect(customer.items).toEqual([customerEntry]);
      expect(contact.items).toEqual([contactEntry]);
    });

    it.each([
      ['another owner’s customer', { entityType: 'customer', entityId: OTHERS }],
      ['a record under another owner’s customer', { entityType: 'contact', entityId: 'K2' }],
      ['a record under no customer', { entityType: 'product', entityId: 'P1' }],
      ['a record without history', { entityType: 'contact', entityId: 'K404' }],
      ['a customer that does not exist', { entityType: 'customer', entityId: 'C404' }],
    ] as const)('answers 404 for %s, as for a missing record', async (_label, filters) => {
      // Prepare
      entry({ at: '2026-11-20T08:00:00.000Z', entityId: OTHERS, customerId: OTHERS });
      entry({ at: '2026-11-20T08:00:00.000Z', entityType: 'contact', entityId: 'K2', customerId: OTHERS });
      entry({ at: '2026-11-20T08:00:00.000Z', entityType: 'product', entityId: 'P1', customerId: undefined });

      // Act
      const refused = list(am1, filters);

      // Assess
      await expect(refused).rejects.toMatchObject({ code: ErrorCode.AuditRecordNotFound });
    });

    it('answers 404 for an archived customer they owned', async () => {
      // Prepare
      reader.customers.set(OWN, { ownerId: 'am1', archived: true });
      entry({ at: '2026-11-20T08:00:00.000Z' });

      // Act
      const refused = list(am1, { entityType: 'customer', entityId: OWN });

      // Assess
      await expect(refused).rejects.toMatchObject({ code: ErrorCode.AuditRecordNotFound });
    });

    it.each([
      ['the actor view', { actor: 'am1' }],
      ['the day view', {}],
    ] as const)('refuses %s with 403', async (_label, filters) => {
      await expect(list(am1, filters)).rejects.toMatchObject({ code: ErrorCode.Forbidden });
    });
  });

  describe('GET /v1/customers/{id}/history', () => {
    it("gives the customer's entries and those of every record under it, newest first, in complete pages", async () => {
      // Prepare
      const made = [
        entry({ at: '2026-11-20T08:00:00.000Z', action: 'create' }),
        entry({ at: '2026-11-20T09:00:00.000Z', entityType: 'contact', entityId: 'K1' }),
        entry({ at: '2026-11-21T09:00:00.000Z', entityType: 'order', entityId: 'O1' }),
      ];
      entry({ at: '2026-11-21T10:00:00.000Z', entityId: OTHERS, customerId: OTHERS });

      // Act
      const first = await getCustomerHistory(deps, { caller: am1, customerId: OWN, range: {}, page: { limit: 2 } });
      const second = await getCustomerHistory(deps, { caller: am1, customerId: OWN, range: {}, page: { limit: 2, startKey: first.lastKey } });

      // Assess
      expect([...first.items, ...second.items]).toEqual([...made].reverse());
      expect(second.lastKey).toBeUndefined();
    });

    it('answers 404 to an account manager for another owner’s customer, and to anyone for a missing one', async () => {
      await expect(getCustomerHistory(deps, { caller: am1, customerId: OTHERS, range: {}, page: { limit: 25 } })).rejects.toMatchObject({
        code: ErrorCode.CustomerNotFound,
      });
      await expect(getCustomerHistory(deps, { caller: admin, customerId: 'C404', range: {}, page: { limit: 25 } })).rejects.toMatchObject({
        code: ErrorCode.CustomerNotFound,
      });
    });

    it('shows an archived customer’s history to a manager', async () => {
      // Prepare
      reader.customers.set(OTHERS, { ownerId: 'am2', archived: true });
      const archived = entry({ at: '2026-11-21T10:00:00.000Z', action: 'delete', entityId: OTHERS, customerId: OTHERS });

      // Act
      const page = await getCustomerHistory(deps, { caller: admin, customerId: OTHERS, range: {}, page: { limit: 25 } });

      // Assess
      expect(page.items).toEqual([archived]);
    });
  });
});
