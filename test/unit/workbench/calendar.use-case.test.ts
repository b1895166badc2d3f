import { describe, expect, it } from 'vitest';
import type { CalendarSource } from '#functions/workbench/calendar/calendar.ports';
import type { CalendarEntry } from '#functions/workbench/calendar/calendar.schema';
import { CALENDAR_SOURCE_LIMIT, getCalendar } from '#functions/workbench/calendar/calendar.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers } from '#test/fakes/customer-test-kit';

const entry = (kind: CalendarEntry['kind'], at: string, id: string): CalendarEntry => ({ kind, id, title: kind, at, path: `/x/${id}` });

/** A source holding fixed entries per user, recording what it was asked. */
const source = (entries: Record<string, CalendarEntry[]>) => {
  const asked: string[] = [];
  const read: CalendarSource = {
    entries: async (userId, from, to, limit) => {
      asked.push(userId);
      return (entries[userId] ?? []).filter((item) => item.at >= from && item.at < to).slice(0, limit + 1);
    },
  };
  return { read, asked };
};

const window = { from: '2026-12-07T00:00:00.000Z', to: '2026-12-14T00:00:00.000Z' };

describe('getCalendar', () => {
  it('merges the five sources for the caller, soonest first, one read per source', async () => {
    // Prepare
    const tasks = source({ am1: [entry('task', '2026-12-09T09:00:00.000Z', '01J00000000000000000000003'), entry('task', '2026-12-20T09:00:00.000Z', '01J00000000000000000000009')] });
    const followUps = source({ am1: [entry('follow-up', '2026-12-07T10:00:00.000Z', '01J00000000000000000000001')] });
    const services = source({ am1: [entry('service', '2026-12-08T08:00:00.000Z', '01J00000000000000000000002')], am2: [entry('service', '2026-12-08T08:00:00.000Z', '01J00000000000000000000004')] });
    const planSteps = source({ am1: [entry('plan-step', '2026-12-10T01:00:00.000Z', '01J00000000000000000000005')] });
    const care = source({ am1: [entry('care', '2026-12-11T01:00:00.000Z', '01J00000000000000000000006')], am2: [entry('care', '2026-12-08T01:00:00.000Z', '01J00000000000000000000007')] });

    // Act
    const calendar = await getCalendar(
      { calendar: { tasks: tasks.read, followUps: followUps.read, services: services.read, planSteps: planSteps.read, care: care.read } },
      { caller: callers.am1, query: window },
    );

    // Assess
    expect(calendar.items.map((item) => item.kind)).toEqual(['follow-up', 'service', 'task', 'plan-step', 'care']);
    expect(calendar).toMatchObject({ userId: 'am1', truncated: false });
    expect([...tasks.asked, ...followUps.asked, ...services.asked, ...planSteps.asked, ...care.asked]).toEqual(['am1', 'am1', 'am1', 'am1', 'am1']);
  });

  it("lets managers read anyone's calendar, refuses an account manager another's (403), and says when a source was cut", async () => {
    // Prepare
    const many = Array.from({ length: CALENDAR_SOURCE_LIMIT + 5 }, (_, i) => entry('task', `2026-12-08T${String(i % 24).padStart(2, '0')}:00:00.000Z`, `01J${String(i).padStart(23, '0')}`));
    const sources = { tasks: source({ am2: many }).read, followUps: source({}).read, services: source({}).read, planSteps: source({}).read, care: source({}).read };

    // Act
    const ofAm2 = await getCalendar({ calendar: sources }, { caller: callers.sales, query: { ...window, userId: 'am2' } });
    const refused = await getCalendar({ calendar: sources }, { caller: callers.am1, query: { ...window, userId: 'am2' } }).catch((error: { code: string }) => error.code);

    // Assess
    expect(ofAm2.items).toHaveLength(CALENDAR_SOURCE_LIMIT);
    expect(ofAm2.truncated).toBe(true);
    expect(refused).toBe(ErrorCode.Forbidden);
  });
});
