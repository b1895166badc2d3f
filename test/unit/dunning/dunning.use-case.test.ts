import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDunningNote } from '#functions/dunning/create-dunning-note.use-case';
import type { DunningDependencies } from '#functions/dunning/dunning.dependencies';
import type { DunnedOrderView } from '#functions/dunning/dunning.ports';
import { listDunning } from '#functions/dunning/list-dunning.use-case';
import { listDunningNotes } from '#functions/dunning/list-dunning-notes.use-case';
import { seededRandom, ulidGenerator } from '#shared/core/clock';
import { ErrorCode } from '#shared/core/errors';
import { daysOverdue, dueAtOf, dueBucketOf, overdueReminderOf, promiseKept } from '#shared/dunning/dunning';
import type { Receivable } from '#shared/dunning/receivable.entity';
import { InMemoryDunningStore } from '#test/fakes/in-memory-dunning.repository';

const NOW = new Date('2026-12-06T10:00:00.000Z');
const DAY = 86_400_000;
const cny = (amount: number) => ({ amount, currency: 'CNY' });
const am1 = { username: 'am1', scope: 'own' as const };
const am2 = { username: 'am2', scope: 'own' as const };
const manager = { username: 'sm1', scope: 'all' as const };

const receivable = (orderId: string, customerId: string, ownerId: string, daysAgo: number): Receivable => ({
  orderId,
  orderNo: `SO-${orderId}`,
  customerId,
  customerName: `Customer ${customerId}`,
  ownerId,
  orderedAt: new Date(NOW.getTime() - (daysAgo + 30) * DAY).toISOString(),
  paymentTermsDays: 30,
  dueAt: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
  total: cny(100_00),
  balance: cny(60_00),
  updatedAt: NOW.toISOString(),
});

const orderView = (id: string, customerId: string, overrides: Partial<DunnedOrderView> = {}): DunnedOrderView => ({
  id,
  orderNo: `SO-${id}`,
  customerId,
  customerName: `Customer ${customerId}`,
  status: 'placed',
  total: cny(100_00),
  paidAmount: cny(40_00),
  balance: cny(60_00),
  orderedAt: '2026-10-01T00:00:00.000Z',
  dueAt: '2026-10-31T00:00:00.000Z',
  version: 2,
  createdAt: '2026-10-01T00:00:00.000Z',
  ...overrides,
});

describe('dunning rules', () => {
  it('derives the due date from the order date and the terms, and ages by days overdue', () => {
    // Prepare / Act
    const due = dueAtOf('2026-11-01T08:00:00.000Z', 30);
    // Assess
    expect(due).toBe('2026-12-01T08:00:00.000Z');
    expect(daysOverdue(due, new Date('2026-12-01T08:00:00.000Z'))).toBe(0);
    expect(daysOverdue(due, new Date('2026-12-01T09:00:00.000Z'))).toBe(1);
    expect([0, 1, 30, 31, 60, 61, 90, 91].map(dueBucketOf)).toEqual([
      'current', 'overdue1to30', 'overdue1to30', 'overdue31to60', 'overdue31to60', 'overdue61to90', 'overdue61to90', 'overdueOver90',
    ]);
  });

  it('arms the overdue reminder at the due date, or a minute after entry for a back-dated order', () => {
    const order = { id: 'O1', orderNo: 'SO-1', customerId: 'C1', customerName: 'C', createdAt: '2026-12-06T10:00:00.000Z' };
    expect(overdueReminderOf({ ...order, dueAt: '2027-01-05T10:00:00.000Z' }, 'am1')).toMatchObject({ remindAt: '2027-01-05T10:00:00.000Z', kind: 'dunning', sourceId: 'O1', recipientId: 'am1' });
    expect(overdueReminderOf({ ...order, dueAt: '2026-01-05T10:00:00.000Z' }, 'am1')?.remindAt).toBe('2026-12-06T10:01:00.000Z');
    expect(overdueReminderOf(order, 'am1')).toBeUndefined();
  });

  it('counts a promise kept once the payments since it cover the amount, or nothing is left', () => {
    const promise = { noteId: 'N', promisedPayAt: '2026-12-10T00:00:00.000Z', promisedAmount: 30_00, paidBefore: 40_00, status: 'open' as const };
    expect(promiseKept(promise, 69_99, 30_01)).toBe(false);
    expect(promiseKept(promise, 70_00, 30_00)).toBe(true);
    expect(promiseKept(promise, 45_00, 0)).toBe(true);
  });
});

describe('dunning use cases', () => {
  let store: InMemoryDunningStore;
  let deps: DunningDependencies;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    store = new InMemoryDunningStore();
    deps = { dunning: store.repository, clock: { now: () => new Date() }, ids: ulidGenerator(seededRandom(3)) };
  });
  afterEach(() => vi.useRealTimers());

  it('lists overdue balances oldest due first, with days overdue and bucket, in one Query for a manager', async () => {
    // Prepare
    store.receivables.push(receivable('A', 'C1', 'am1', 5), receivable('B', 'C2', 'am2', 95), receivable('C', 'C1', 'am1', -3));
    store.owners.set('C1', 'am1').set('C2', 'am2');
    // Act
    const page = await listDunning(deps, { caller: manager, page: { limit: 25 } });
    // Assess
    expect(page.items.map((item) => [item.orderId, item.daysOverdue, item.bucket])).toEqual([
      ['B', 95, 'overdueOver90'],
      ['A', 5, 'overdue1to30'],
    ]);
    expect(store.calls).toEqual(['overdue:*']);
  });

  it("gives an account manager only their own customers' entries, dropping one transferred away", async () => {
    // Prepare: C3 was am1's when its order was placed, and is am2's now.
    store.receivables.push(receivable('A', 'C1', 'am1', 5), receivable('T', 'C3', 'am1', 10), receivable('B', 'C2', 'am2', 40));
    store.owners.set('C1', 'am1').set('C2', 'am2').set('C3', 'am2');
    // Act
    const mine = await listDunning(deps, { caller: am1, page: { limit: 25 } });
    // Assess
    expect(mine.items.map((item) => item.orderId)).toEqual(['A']);
    expect(store.calls).toEqual(['overdue:am1', 'owners']);
  });

  it('records a note with a promise: the order keeps the promise and the owner gets a reminder at the promised date', async () => {
    // Prepare
    store.orders.set('O1', orderView('O1', 'C1'));
    store.owners.set('C1', 'am1');
    const promisedPayAt = new Date(NOW.getTime() + 7 * DAY).toISOString();
    // Act
    const outcome = await createDunningNote(deps, { caller: am1, orderId: 'O1', input: { method: 'phone', note: '下周付', promisedPayAt, promisedAmount: cny(20_00) } });
    // Assess
    expect(outcome.value).toMatchObject({ orderId: 'O1', customerId: 'C1', method: 'phone', promisedPayAt, promisedAmount: cny(20_00), createdBy: 'am1' });
    expect(store.orders.get('O1')).toMatchObject({ version: 3, promise: { noteId: outcome.value.id, promisedAmount: 20_00, paidBefore: 40_00, status: 'open' } });
    expect([...store.reminders.values()]).toEqual([expect.objectContaining({ remindAt: promisedPayAt, kind: 'dunning', sourceId: outcome.value.id, recipientId: 'am1' })]);
  });

  it('defaults the promised amount to the balance and a later promise replaces the earlier reminder', async () => {
    store.orders.set('O1', orderView('O1', 'C1'));
    store.owners.set('C1', 'am1');
    const first = await createDunningNote(deps, { caller: manager, orderId: 'O1', input: { method: 'visit', note: 'a', promisedPayAt: new Date(NOW.getTime() + DAY).toISOString() } });
    const second = await createDunningNote(deps, { caller: manager, orderId: 'O1', input: { method: 'visit', note: 'b', promisedPayAt: new Date(NOW.getTime() + 2 * DAY).toISOString() } });
    expect(first.value.promisedAmount).toEqual(cny(60_00));
    expect([...store.reminders.values()].map((reminder) => reminder.sourceId)).toEqual([second.value.id]);
  });

  it('refuses a promise in the past, beyond the balance, in another currency, or on a settled order — nothing written', async () => {
    store.orders.set('O1', orderView('O1', 'C1'));
    store.orders.set('PAID', orderView('PAID', 'C1', { paidAmount: cny(100_00), balance: cny(0) }));
    store.owners.set('C1', 'am1');
    const later = new Date(NOW.getTime() + DAY).toISOString();
    await expect(createDunningNote(deps, { caller: am1, orderId: 'O1', input: { method: 'phone', note: 'x', promisedPayAt: NOW.toISOString() } })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed, details: { errors: [{ path: 'body.promisedPayAt' }] },
    });
    await expect(createDunningNote(deps, { caller: am1, orderId: 'O1', input: { method: 'phone', note: 'x', promisedPayAt: later, promisedAmount: cny(60_01) } })).rejects.toMatchObject({
      details: { errors: [{ path: 'body.promisedAmount.amount' }] },
    });
    await expect(createDunningNote(deps, { caller: am1, orderId: 'O1', input: { method: 'phone', note: 'x', promisedPayAt: later, promisedAmount: { amount: 10, currency: 'USD' } } })).rejects.toMatchObject({
      details: { errors: [{ path: 'body.promisedAmount.currency' }] },
    });
    await expect(createDunningNote(deps, { caller: am1, orderId: 'PAID', input: { method: 'phone', note: 'x', promisedPayAt: later } })).rejects.toMatchObject({ code: ErrorCode.InvalidTransition });
    expect(store.notes).toEqual([]);
    expect(store.reminders.size).toBe(0);
  });

  it("answers 404 for another owner's order, to notes and to their list alike", async () => {
    store.orders.set('O1', orderView('O1', 'C1'));
    store.owners.set('C1', 'am1');
    await expect(createDunningNote(deps, { caller: am2, orderId: 'O1', input: { method: 'phone', note: 'x' } })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    await expect(listDunningNotes(deps, { caller: am2, orderId: 'O1', page: { limit: 25 } })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    await expect(listDunningNotes(deps, { caller: am1, orderId: 'missing', page: { limit: 25 } })).rejects.toMatchObject({ code: ErrorCode.OrderNotFound });
    expect(store.notes).toEqual([]);
  });

  it('replays the first answer for the same Idempotency-Key, even after the balance was settled', async () => {
    store.orders.set('O1', orderView('O1', 'C1'));
    store.owners.set('C1', 'am1');
    const idempotency = { username: 'am1', operationId: 'createDunningNote', key: 'note-key-1', fingerprint: 'f1' };
    const input = { method: 'phone', note: 'x', promisedPayAt: new Date(NOW.getTime() + DAY).toISOString() };
    const first = await createDunningNote(deps, { caller: am1, orderId: 'O1', input, idempotency });
    store.orders.set('O1', { ...store.orders.get('O1')!, balance: cny(0) });
    const again = await createDunningNote(deps, { caller: am1, orderId: 'O1', input, idempotency });
    expect(again).toEqual({ kind: 'replayed', value: first.value });
    expect(store.notes).toHaveLength(1);
  });
});
