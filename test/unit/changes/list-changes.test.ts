import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listChanges, type ListChangesRequest } from '#functions/changes/list-changes.use-case';
import { recordChange } from '#functions/events/record-change.use-case';
import type { AuditEntry } from '#shared/audit/audit';
import { fieldsHiddenFrom } from '#shared/auth/field-visibility';
import type { Role } from '#shared/auth/roles';
import { systemClock } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { InMemoryChangeFeed } from './changes.fake';

let sequence = 0;
const entry = (overrides: Partial<AuditEntry> = {}): AuditEntry => {
  sequence += 1;
  return {
    id: `01JCHANGEENTRY${String(sequence).padStart(12, '0')}`,
    at: new Date().toISOString(),
    actor: 'admin',
    action: 'update',
    entityType: 'customer',
    entityId: `c${sequence}`,
    customerId: 'c1',
    entityVersion: 2,
    changes: [{ field: 'level', old: 'A', new: 'B' }],
    ...overrides,
  };
};

const NOW = new Date('2026-12-07T10:00:00.000Z');

describe('the change feed (functions/changes/list-changes.use-case.ts)', () => {
  let feed: InMemoryChangeFeed;
  const deps = () => ({ feed, clock: systemClock });
  const record = (overrides: Partial<AuditEntry> = {}) =>
    recordChange({ changes: feed, ownerOf: (id) => feed.ownerOf(id) }, entry(overrides), `evt-${sequence + 1}`, new Date());
  const request = (role: Role, overrides: Partial<ListChangesRequest> = {}): ListChangesRequest => ({
    caller: { username: role === 'account-manager' ? 'am1' : role, scope: role === 'account-manager' ? 'own' : 'all' },
    role,
    limit: 100,
    hiddenFields: fieldsHiddenFrom(role),
    ...overrides,
  });

  beforeEach(() => {
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    feed = new InMemoryChangeFeed();
    feed.owners.set('c1', 'am1');
    feed.owners.set('c2', 'am2');
  });
  afterEach(() => vi.useRealTimers());

  it('answers the changes in recorded order, page by page, and then nothing more until a new one is recorded', async () => {
    // Prepare: five changes a second apart
    for (let index = 0; index < 5; index += 1) {
      await record();
      vi.advanceTimersByTime(1000);
    }
    vi.advanceTimersByTime(10_000);

    // Act
    const first = await listChanges(deps(), request('admin', { limit: 2 }));
    const second = await listChanges(deps(), request('admin', { limit: 2, position: first.position }));
    const third = await listChanges(deps(), request('admin', { limit: 2, position: second.position }));
    const idle = await listChanges(deps(), request('admin', { limit: 2, position: third.position }));

    // Assess
    const ids = [...first.items, ...second.items, ...third.items].map((item) => item.change.id);
    expect(ids).toEqual(feed.copies({ kind: 'all' }).map((copy) => copy.id));
    expect(new Set(ids).size).toBe(5);
    expect([first.hasMore, second.hasMore, third.hasMore, idle.hasMore]).toEqual([true, true, false, false]);
    expect(idle.items).toEqual([]);
    expect(first.items[0]!.change).toEqual({ type: 'crm.customer.updated', entity: 'customer', id: ids[0], customerId: 'c1', version: 2, changedAt: expect.any(String), changedFields: ['level'] });
  });

  it('answers a change recorded late after the position a client already read, even when it was made earlier', async () => {
    // Prepare: a client reads the feed to its end; then a change made 10 minutes ago is recorded only now (a retried batch)
    await record();
    vi.advanceTimersByTime(10_000);
    const caughtUp = await listChanges(deps(), request('admin'));
    await record({ at: new Date(Date.now() - 600_000).toISOString(), entityId: 'late' });
    vi.advanceTimersByTime(10_000);

    // Act
    const next = await listChanges(deps(), request('admin', { position: caughtUp.position }));

    // Assess
    expect(caughtUp.items).toHaveLength(1);
    expect(next.items.map((item) => item.change.id)).toEqual(['late']);
  });

  it('holds back a change recorded within the last 5 seconds, and answers it from the same position once settled', async () => {
    // Prepare
    vi.advanceTimersByTime(10_000);
    const before = await listChanges(deps(), request('admin'));
    await record({ entityId: 'fresh' });
    vi.advanceTimersByTime(2_000);

    // Act
    const early = await listChanges(deps(), request('admin', { position: before.position }));
    vi.advanceTimersByTime(4_000);
    const settled = await listChanges(deps(), request('admin', { position: early.position }));

    // Assess
    expect(early.items).toEqual([]);
    expect(settled.items.map((item) => item.change.id)).toEqual(['fresh']);
  });

  it('walks the day partitions from the position’s day, and starts at the oldest change kept without a position', async () => {
    // Prepare: changes on three days
    await record({ entityId: 'day1' });
    vi.advanceTimersByTime(86_400_000);
    await record({ entityId: 'day2' });
    vi.advanceTimersByTime(3 * 86_400_000);
    await record({ entityId: 'day5' });
    vi.advanceTimersByTime(60_000);

    // Act
    const all = await listChanges(deps(), request('admin'));
    const fromSecond = await listChanges(deps(), request('admin', { limit: 1 }));
    const rest = await listChanges(deps(), request('admin', { position: fromSecond.position }));

    // Assess
    expect(all.items.map((item) => item.change.id)).toEqual(['day1', 'day2', 'day5']);
    expect(fromSecond.items.map((item) => item.change.id)).toEqual(['day1']);
    expect(rest.items.map((item) => item.change.id)).toEqual(['day2', 'day5']);
  });

  it('answers ChangeFeedExpired (410) for a position older than the 30 days kept', async () => {
    // Prepare
    await record();
    vi.advanceTimersByTime(10_000);
    const page = await listChanges(deps(), request('admin'));
    vi.advanceTimersByTime(31 * 86_400_000);

    // Act
    const expired = listChanges(deps(), request('admin', { position: page.position }));

    // Assess
    await expect(expired).rejects.toMatchObject({ code: ErrorCode.ChangeFeedExpired });
  });

  it('scopes the feed: an account manager their customers’ changes, other roles no type their role may not read, no hidden field', async () => {
    // Prepare
    await record({ entityType: 'contact', entityId: 'mine', customerId: 'c1' });
    await record({ entityType: 'contact', entityId: 'theirs', customerId: 'c2' });
    await record({ entityType: 'user', entityId: 'u1', customerId: undefined });
    await record({ entityType: 'product', entityId: 'p1', customerId: undefined, changes: [{ field: 'costPrice', old: 1, new: 2 }, { field: 'name', old: 'a', new: 'b' }] });
    vi.advanceTimersByTime(10_000);

    // Act
    const am = await listChanges(deps(), request('account-manager'));
    const executive = await listChanges(deps(), request('executive'));
    const admin = await listChanges(deps(), request('admin'));

    // Assess
    expect(am.items.map((item) => item.change.id)).toEqual(['mine']);
    expect(executive.items.map((item) => item.change.id)).toEqual(['mine', 'theirs', 'p1']);
    expect(executive.items.find((item) => item.change.id === 'p1')!.change.changedFields).toEqual(['name']);
    expect(admin.items.map((item) => item.change.id)).toEqual(['mine', 'theirs', 'u1', 'p1']);
    expect(admin.items.find((item) => item.change.id === 'p1')!.change.changedFields).toEqual(['costPrice', 'name']);
  });
});
