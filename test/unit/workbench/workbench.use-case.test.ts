import { describe, expect, it } from 'vitest';
import type { CalendarSource } from '#functions/workbench/calendar/calendar.ports';
import type { CalendarEntry } from '#functions/workbench/calendar/calendar.schema';
import { getWorkbench } from '#functions/workbench/overview/get-workbench.use-case';
import { ErrorCode } from '#shared/core/errors';
import { callers } from '#test/fakes/customer-test-kit';
import { steppingClock } from '#test/fakes/service-test-kit';

const entry = (kind: CalendarEntry['kind'], at: string, id: string): CalendarEntry => ({ kind, id, title: kind, at, path: `/x/${id}` });
const source = (entries: CalendarEntry[]) => {
  let reads = 0;
  const read: CalendarSource = { entries: async (_user, from, to, limit) => (reads += 1, entries.filter((item) => item.at >= from && item.at < to).slice(0, limit + 1)) };
  return { read, reads: () => reads };
};

describe('getWorkbench', () => {
  it("splits the caller's open work into overdue and today, with assigned requests and the unread count: one read per source and window (8 in all)", async () => {
    // Prepare: 10:00 UTC.
    const time = steppingClock('2026-12-07T10:00:00.000Z');
    const tasks = source([entry('task', '2026-12-06T09:00:00.000Z', 'T1'), entry('task', '2026-12-07T15:00:00.000Z', 'T2'), entry('task', '2026-12-08T09:00:00.000Z', 'T3')]);
    const followUps = source([entry('follow-up', '2026-12-07T09:59:00.000Z', 'F1')]);
    const services = source([entry('service', '2026-12-09T09:00:00.000Z', 'S1')]);
    const planSteps = source([entry('plan-step', '2026-12-07T01:00:00.000Z', 'P1'), entry('plan-step', '2026-12-07T12:00:00.000Z', 'P2'), entry('plan-step', '2026-12-08T01:00:00.000Z', 'P3')]);
    let unreadAskedFor = '';

    // Act
    const workbench = await getWorkbench(
      { calendar: { tasks: tasks.read, followUps: followUps.read, services: services.read, planSteps: planSteps.read }, unreadCount: async (user) => ((unreadAskedFor = user), 3), clock: time.clock },
      { caller: callers.am1, query: {} },
    );

    // Assess
    expect(workbench.tasks.overdue.map((item) => item.id)).toEqual(['T1']);
    expect(workbench.tasks.today.map((item) => item.id)).toEqual(['T2']);
    expect(workbench.followUps.overdue.map((item) => item.id)).toEqual(['F1']);
    expect(workbench.services.map((item) => item.id)).toEqual(['S1']);
    expect(workbench.planSteps).toEqual({ overdue: [expect.objectContaining({ id: 'P1' })], today: [expect.objectContaining({ id: 'P2' })] });
    expect(workbench).toMatchObject({ userId: 'am1', unreadNotifications: 3, todayEnds: '2026-12-08T00:00:00.000Z', truncated: false });
    expect(unreadAskedFor).toBe('am1');
    expect([tasks.reads(), followUps.reads(), services.reads(), planSteps.reads()]).toEqual([2, 2, 1, 2]);
  });

  it("shows today's entries even behind an overdue backlog longer than the section's cut", async () => {
    // Prepare: 10:00 UTC; 150 overdue plan steps and one due at noon.
    const time = steppingClock('2026-12-07T10:00:00.000Z');
    const backlog = Array.from({ length: 150 }, (_, n) => entry('plan-step', new Date(Date.parse('2026-11-01T00:00:00.000Z') + n * 60_000).toISOString(), `B${n}`));
    const planSteps = source([...backlog, entry('plan-step', '2026-12-07T12:00:00.000Z', 'NOON')]);
    const none = source([]);

    // Act
    const workbench = await getWorkbench(
      { calendar: { tasks: none.read, followUps: none.read, services: none.read, planSteps: planSteps.read }, unreadCount: async () => 0, clock: time.clock },
      { caller: callers.am1, query: {} },
    );

    // Assess
    expect(workbench.planSteps.today.map((item) => item.id)).toEqual(['NOON']);
    expect(workbench.planSteps.overdue).toHaveLength(100);
    expect(workbench.truncated).toBe(true);
  });

  it("refuses an account manager another user's workbench (403)", async () => {
    // Prepare
    const none = source([]).read;

    // Act
    const refused = await getWorkbench(
      { calendar: { tasks: none, followUps: none, services: none, planSteps: none }, unreadCount: async () => 0, clock: steppingClock('2026-12-07T10:00:00.000Z').clock },
      { caller: callers.am1, query: { userId: 'am2' } },
    ).catch((error: { code: string }) => error.code);

    // Assess
    expect(refused).toBe(ErrorCode.Forbidden);
  });
});
