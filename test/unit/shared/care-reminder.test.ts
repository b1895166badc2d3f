import { describe, expect, it } from 'vitest';
import { CARE_LEAD_DAYS, careRemindersOf, careSourceOf, CUSTOMER_OWNER, specialDayReminderOf } from '#shared/reminders/care-reminder';
import { careReminderParts } from '#shared/reminders/care-reminder.writes';

const contact = (specialDays: { type: string; date: string; label?: string }[]) => ({ id: 'C1', customerId: 'K1', name: '王芳', specialDays });

describe('care reminders of special days', () => {
  it('reminds the owner CARE_LEAD_DAYS before the next occurrence, at 09:00 Beijing, this year or next', () => {
    // Prepare
    const birthday = { type: 'birthday', date: '1985-12-20' };

    // Act
    const thisYear = specialDayReminderOf(contact([birthday]), birthday, '2026-12-06T22:00:00.000Z');
    const nextYear = specialDayReminderOf(contact([birthday]), birthday, '2026-12-17T01:00:00.000Z');

    // Assess
    expect(CARE_LEAD_DAYS).toBe(3);
    expect(thisYear).toMatchObject({
      kind: 'care', remindAt: '2026-12-17T01:00:00.000Z', dueAt: '2026-12-20T01:00:00.000Z', recipientId: CUSTOMER_OWNER,
      sourceId: 'C1:birthday:12-20', title: 'Birthday of 王芳', customerId: 'K1', path: '/v1/customers/K1/contacts/C1',
    });
    // A reminder exactly at `after` is past: the next is a year on.
    expect(nextYear).toMatchObject({ remindAt: '2027-12-17T01:00:00.000Z', dueAt: '2027-12-20T01:00:00.000Z' });
  });

  it('keeps 29 February on the 28th in a common year, and a day without a year (MM-DD) every year', () => {
    // Act
    const leap = specialDayReminderOf(contact([]), { type: 'birthday', date: '2000-02-29' }, '2027-01-01T00:00:00.000Z');
    const leapYear = specialDayReminderOf(contact([]), { type: 'birthday', date: '02-29' }, '2027-03-01T00:00:00.000Z');
    const yearless = specialDayReminderOf(contact([]), { type: 'anniversary', label: '结婚纪念日', date: '01-02' }, '2026-12-29T00:00:00.000Z');

    // Assess
    expect(leap.dueAt).toBe('2027-02-28T01:00:00.000Z');
    expect(leapYear.dueAt).toBe('2028-02-29T01:00:00.000Z');
    expect(yearless).toMatchObject({ dueAt: '2027-01-02T01:00:00.000Z', remindAt: '2026-12-30T01:00:00.000Z', title: '结婚纪念日: 王芳' });
    expect(careSourceOf(yearless.sourceId)).toEqual({ contactId: 'C1', type: 'anniversary', monthDay: '01-02' });
    expect(careSourceOf('not a care source')).toBeUndefined();
  });

  it('diffs a change of special days into Deletes and Puts, and writes nothing when they stay', () => {
    // Prepare
    const at = '2026-12-06T22:00:00.000Z';
    const before = contact([{ type: 'birthday', date: '1985-12-20' }, { type: 'anniversary', label: '入职', date: '2020-03-01' }]);
    const after = contact([{ type: 'birthday', date: '1985-12-21' }, { type: 'anniversary', label: '入职', date: '2020-03-01' }]);

    // Act
    const moved = careReminderParts('t', before, after, at);
    const same = careReminderParts('t', before, before, at);
    const removed = careReminderParts('t', before, undefined, at);

    // Assess
    expect(moved.map((item) => Object.keys(item)[0])).toEqual(['Delete', 'Put']);
    expect(moved[1]?.Put?.Item).toMatchObject({ sourceId: 'C1:birthday:12-21', pk: 'REMIND#2026-12-18T01:00' });
    expect(same).toEqual([]);
    expect(removed).toHaveLength(2);
    expect(careRemindersOf(undefined, at)).toEqual([]);
  });
});
