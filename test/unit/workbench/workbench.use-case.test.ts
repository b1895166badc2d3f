import { describe, expect, it } from 'vitest';
import type { CalendarSource } from '#functions/workbench/calendar/calendar.ports';
import type { CalendarEntry } from '#functions/workbench/calendar/calendar.schema';
import { getWorkbench } from '#functions/workbench/overview/get-workbench.use-case';
import type { ChurnRiskEntry, OverdueReceivable, WorkbenchRepository } from '#functions/workbench/overview/workbench.ports';
import { ErrorCode } from '#shared/core/errors';
import { callers } from '#test/fakes/customer-test-kit';
import { steppingClock } from '#test/fakes/service-test-kit';

const entry = (kind: CalendarEntry['kind'], at: string, id: string): CalendarEntry => ({ kind, id, title: kind, at, path: `/x/${id}` });
const ULID = (n: number) => `01J${String(n).padStart(23, '0')}`;

/** A calendar source over fixed entries that counts its reads, answering as the DynamoDB one does (limit + 1). */
const source = (entries: CalendarEntry[]) => {
  let reads = 0;
  const read: CalendarSource = {
    entries: async (_user, from, to, limit, options) => {
      reads += 1;
      const window = entries.filter((item) => item.at >= from && item.at < to).sort((a, b) => (a.at < b.at ? -1 : 1));
      return (options?.latestFirst ? window.reverse() : window).slice(0, limit + 1);
    },
  };
  return { read, reads: () => reads };
};

const workbenchReads = (churn: ChurnRiskEntry[] = [], receivables: OverdueReceivable[] = []) => {
  const asked: string[] = [];
  const reads: WorkbenchRepository = {
    churnRisk: async (userId, limit) => (asked.push(`churn:${userId}`), churn.slice(0, limit + 1)),
    overdueReceivables: async (userId, asOf, limit) => (asked.push(`receivables:${userId}`), receivables.filter((item) => item.dueAt < asOf).slice(0, limit + 1)),
  };
  return { reads, asked };
};

describe('getWorkbench', () => {
  it("splits the caller's open work into overdue and today, with assigned requests, churn risk, overdue balances and the unread count: one read each (7 in all)", async () => {
    // Prepare: 10:00 UTC.
    const time = steppingClock('2026-12-07T10:00:00.000Z');
    const tasks = source([entry('task', '2026-12-06T09:00:00.000Z', 'T1'), entry('task', '2026-12-07T15:00:00.000Z', 'T2'), entry('task', '2026-12-08T09:00:00.000Z', 'T3')]);
    const followUps = source([entry('follow-up', '2026-12-07T09:59:00.000Z', 'F1')]);
    const services = source([entry('service', '2026-12-09T09:00:00.000Z', 'S1')]);
    const planSteps = source([
      entry('plan-step', '2026-12-06T01:00:00.000Z', 'P0'), entry('plan-step', '2026-12-07T01:00:00.000Z', 'P1'),
      entry('plan-step', '2026-12-07T12:00:00.000Z', 'P2'), entry('plan-step', '2026-12-07T13:00:00.000Z', 'P2b'), entry('plan-step', '2026-12-08T01:00:00.000Z', 'P3'),
    ]);
    const churn: ChurnRiskEntry = { customerId: ULID(1), customerNo: 'KH-1', customerName: '北京石油化工', status: 'warning', openedAt: '2026-12-01T02:30:00.000Z' };
    const late: OverdueReceivable = { orderId: ULID(2), orderNo: 'O-1', customerId: ULID(1), customerName: '北京石油化工', dueAt: '2026-12-04T09:00:00.000Z', balance: { amount: 12_345, currency: 'CNY' } };
    const notYet: OverdueReceivable = { ...late, orderId: ULID(3), dueAt: '2026-12-07T10:00:00.000Z' };
    const extra = workbenchReads([churn], [late, notYet]);
    let unreadAskedFor = '';

    // Act
    const workbench = await getWorkbench(
      {
        calendar: { tasks: tasks.read, followUps: followUps.read, services: services.read, planSteps: planSteps.read },
        workbench: extra.reads,
        unreadCount: async (user) => ((unreadAskedFor = user), 3),
        clock: time.clock,
      },
      { caller: callers.am1, query: {} },
    );

    // Assess
    expect(workbench.tasks.overdue.map((item) => item.id)).toEqual(['T1']);
    expect(workbench.tasks.today.map((item) => item.id)).toEqual(['T2']);
    expect(workbench.followUps.overdue.map((item) => item.id)).toEqual(['F1']);
    expect(workbench.services.map((item) => item.id)).toEqual(['S1']);
    expect(workbench.planSteps.overdue.map((item) => item.id)).toEqual(['P1', 'P0']);
    expect(workbench.planSteps.today.map((item) => item.id)).toEqual(['P2', 'P2b']);
    expect(workbench.churnRisk).toEqual([{ ...churn, path: `/v1/lost-customers/${ULID(1)}` }]);
    expect(workbench.overdueReceivables).toEqual([{ ...late, daysOverdue: 3, path: `/v1/orders/${ULID(2)}` }]);
    expect(workbench).toMatchObject({ userId: 'am1', unreadNotifications: 3, todayEnds: '2026-12-08T00:00:00.000Z', truncated: false });
    expect(unreadAskedFor).toBe('am1');
    expect(extra.asked).toEqual(['churn:am1', 'receivables:am1']);
    expect([tasks.reads(), followUps.reads(), services.reads(), planSteps.reads()]).toEqual([1, 1, 1, 1]);
  });

  it("shows today's entries even behind an overdue backlog longer than the section's cut, and says it was cut", async () => {
    // Prepare: 10:00 UTC; 250 overdue plan steps and one due at noon.
    const time = steppingClock('2026-12-07T10:00:00.000Z');
    const backlog = Array.from({ length: 250 }, (_, n) => entry('plan-step', new Date(Date.parse('2026-11-01T00:00:00.000Z') + n * 60_000).toISOString(), `B${n}`));
    const planSteps = source([...backlog, entry('plan-step', '2026-12-07T12:00:00.000Z', 'NOON')]);
    const none = source([]);

    // Act
    const workbench = await getWorkbench(
      { calendar: { tasks: none.read, followUps: none.read, services: none.read, planSteps: planSteps.read }, workbench: workbenchReads().reads, unreadCount: async () => 0, clock: time.clock },
      { caller: callers.am1, query: {} },
    );

    // Assess: the most recently due 100 of the backlog.
    expect(workbench.planSteps.today.map((item) => item.id)).toEqual(['NOON']);
    expect(workbench.planSteps.overdue).toHaveLength(100);
    expect(workbench.planSteps.overdue[0]!.id).toBe('B249');
    expect(workbench.truncated).toBe(true);
  });

  it('says a churn or receivables section was cut when it had more than 100', async () => {
    // Prepare
    const none = source([]).read;
    const many = Array.from({ length: 101 }, (_, n): ChurnRiskEntry => ({ customerId: ULID(n), customerNo: `KH-${n}`, customerName: `C${n}`, status: 'delaying', openedAt: '2026-12-01T00:00:00.000Z' }));

    // Act
    const workbench = await getWorkbench(
      { calendar: { tasks: none, followUps: none, services: none, planSteps: none }, workbench: workbenchReads(many).reads, unreadCount: async () => 0, clock: steppingClock('2026-12-07T10:00:00.000Z').clock },
      { caller: callers.sales, query: { userId: 'am1' } },
    );

    // Assess
    expect(workbench.churnRisk).toHaveLength(100);
    expect(workbench.truncated).toBe(true);
  });

  it("refuses an account manager another user's workbench (403)", async () => {
    // Prepare
    const none = source([]).read;
    const extra = workbenchReads();

    // Act
    const refused = await getWorkbench(
      { calendar: { tasks: none, followUps: none, services: none, planSteps: none }, workbench: extra.reads, unreadCount: async () => 0, clock: steppingClock('2026-12-07T10:00:00.000Z').clock },
      { caller: callers.am1, query: { userId: 'am2' } },
    ).catch((error: { code: string }) => error.code);

    // Assess
    expect(refused).toBe(ErrorCode.Forbidden);
    expect(extra.asked).toEqual([]);
  });
});
