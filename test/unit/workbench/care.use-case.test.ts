import { describe, expect, it } from 'vitest';
import { careQuery } from '#functions/workbench/care/care.schema';
import { CARE_PER_CUSTOMER_LIMIT, listCare } from '#functions/workbench/care/care.use-case';
import { ErrorCode } from '#shared/core/errors';
import { careRemindersOf } from '#shared/reminders/care-reminder';
import { noContactCheckOf, noContactDecision } from '#shared/reminders/no-contact-reminder';
import { callers } from '#test/fakes/customer-test-kit';
import { inMemoryCare } from '#test/fakes/in-memory-care';

const C1 = '01J00000000000000000000C01';
const C2 = '01J00000000000000000000C02';
const C3 = '01J00000000000000000000C03';
const K1 = '01J00000000000000000000K01';
const query = { from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
const at = '2026-11-01T00:00:00.000Z';

const birthdayOf = (customerId: string, contactId: string, date: string) =>
  careRemindersOf({ id: contactId, customerId, name: 'Li Lei', specialDays: [{ type: 'birthday', date }] }, at);

describe('listCare', () => {
  it("lists the caller's customers' special days and placed no-contact checks in the window, soonest first", async () => {
    // Prepare
    const rules = new Map([['major', { days: 30, leadDays: 3, active: true }]]);
    const placed = noContactDecision(noContactCheckOf(C2, at), { id: C2, name: 'Beta', level: 'major', ownerId: 'am1', archived: false, lastContactAt: '2026-11-20T00:00:00.000Z' }, rules, at);
    const { care, requests } = inMemoryCare({ am1: [{ id: C1, name: 'Alpha' }, { id: C2, name: 'Beta' }], am2: [{ id: C3, name: 'Gamma' }] }, [
      ...birthdayOf(C1, K1, '1990-12-24'),
      ...birthdayOf(C1, K1, '1990-03-01'), // outside the window
      ...(placed.kind === 'move' ? [placed.next] : []),
      noContactCheckOf(C1, '2026-12-05T00:00:00.000Z'), // a first look, not placed yet
      ...birthdayOf(C3, K1, '1990-12-10'), // am2's customer
    ]);

    // Act
    const list = await listCare({ care }, { caller: callers.am1, query, page: { limit: 25 } });

    // Assess
    expect(list.items).toEqual([
      expect.objectContaining({ kind: 'no-contact', customerId: C2, customerName: 'Beta', occasion: 'no-contact', at: '2026-12-20T00:00:00.000Z' }),
      expect.objectContaining({ kind: 'special-day', customerId: C1, customerName: 'Alpha', contactId: K1, occasion: 'birthday', at: '2026-12-24T01:00:00.000Z' }),
    ]);
    expect(list).toMatchObject({ userId: 'am1', truncated: false });
    expect(list.lastKey).toBeUndefined();
    expect(requests).toEqual(['customers:am1', `care:${C1}`, `care:${C2}`]);
  });

  it("lets managers read anyone's list a page of customers at a time, refuses an account manager another's (403), says when a customer was cut", async () => {
    // Prepare
    const many = Array.from({ length: CARE_PER_CUSTOMER_LIMIT + 3 }, (_, i) => birthdayOf(C3, `01J0000000000000000000K${String(i).padStart(3, '0')}`, `12-${String((i % 28) + 1).padStart(2, '0')}`)).flat();
    const { care, requests } = inMemoryCare({ am2: [{ id: C1, name: 'Alpha' }, { id: C3, name: 'Gamma' }] }, many);

    // Act
    const first = await listCare({ care }, { caller: callers.sales, query: { ...query, userId: 'am2' }, page: { limit: 1 } });
    const second = await listCare({ care }, { caller: callers.sales, query: { ...query, userId: 'am2' }, page: { limit: 1, startKey: first.lastKey! } });
    const refused = await listCare({ care }, { caller: callers.am1, query: { ...query, userId: 'am2' }, page: { limit: 25 } }).catch((error: { code: string }) => error.code);

    // Assess
    expect(first).toMatchObject({ userId: 'am2', items: [], truncated: false, lastKey: { after: C1 } });
    expect(second.items).toHaveLength(CARE_PER_CUSTOMER_LIMIT);
    expect(second.truncated).toBe(true);
    expect(refused).toBe(ErrorCode.Forbidden);
    expect(requests).toEqual(['customers:am2', `care:${C1}`, 'customers:am2', `care:${C3}`]);
  });
});

describe('careQuery', () => {
  it('refuses a window over 92 days and `from` after `to`, naming `to`', () => {
    // Act
    const long = careQuery.safeParse({ from: '2026-01-01', to: '2026-04-04' });
    const backwards = careQuery.safeParse({ from: '2026-02-01', to: '2026-01-01' });
    const quarter = careQuery.safeParse({ from: '2026-01-01', to: '2026-04-03' });

    // Assess
    expect(long.success ? [] : long.error.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
    expect(backwards.success ? [] : backwards.error.issues.map((issue) => issue.path.join('.'))).toEqual(['to']);
    expect(quarter.success).toBe(true);
  });
});
