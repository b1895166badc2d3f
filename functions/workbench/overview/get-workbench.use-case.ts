import type { Caller } from '#shared/auth/caller';
import type { Clock } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CalendarRepository, CalendarSource } from '#functions/workbench/calendar/calendar.ports';
import type { CalendarEntry } from '#functions/workbench/calendar/calendar.schema';
import type { WorkbenchRepository } from './workbench.ports';
import type { Workbench, WorkbenchQuery } from './workbench.schema';

/** The most entries one section shows. */
export const WORKBENCH_SECTION_LIMIT = 100;
/** Older than this is not "overdue" any more but forgotten: it stays on the lists, not on the workbench. */
const EARLIEST = '2000-01-01T00:00:00.000Z';
const LATEST = '2100-01-01T00:00:00.000Z';
const DAY = 86_400_000;

export interface WorkbenchDependencies {
  readonly calendar: Omit<CalendarRepository, 'care'>;
  readonly workbench: WorkbenchRepository;
  readonly unreadCount: (userId: string) => Promise<number>;
  readonly clock: Clock;
}

/**
 * The salesperson's workbench (业务员工作台): what to do today, in **7 DynamoDB requests issued in parallel**.
 *
 * Primary course: the caller's own — or, for managers and executives, any user's (`userId`):
 * 1. open tasks, follow-ups and plan steps due before the end of today (UTC), one Query each read latest first, so
 *    today's entries come before any overdue backlog: `today` (from now, soonest first) and `overdue` (before now, the
 *    most recently due first);
 * 2. the service requests assigned to them and not yet handled (one Query);
 * 3. their customers at churn risk — lost-customer records in warning or delaying (one Query);
 * 4. their customers' orders with a balance past its due date, the longest overdue first (one Query);
 * 5. the unread notification count (one GetItem).
 *
 * Alternates: an account manager asking for someone else's → Forbidden (403). A section with more than
 * WORKBENCH_SECTION_LIMIT entries is cut and the answer says `truncated`.
 */
export const getWorkbench = async (deps: WorkbenchDependencies, request: { caller: Caller; query: WorkbenchQuery }): Promise<Workbench> => {
  const { caller } = request;
  const userId = request.query.userId ?? caller.username;
  if (caller.scope === 'own' && userId !== caller.username) throw new DomainError(ErrorCode.Forbidden, 'Account managers read their own workbench only.');
  const now = deps.clock.now();
  const asOf = now.toISOString();
  const end = new Date(now);
  end.setUTCHours(24, 0, 0, 0);
  const todayEnds = end.toISOString();
  const limit = WORKBENCH_SECTION_LIMIT;
  // Up to `limit` of today's and `limit` overdue in one read, latest first.
  const section = (source: CalendarSource) => source.entries(userId, EARLIEST, todayEnds, 2 * limit, { latestFirst: true });
  const [tasks, followUps, planSteps, services, churnRisk, overdue, unread] = await Promise.all([
    section(deps.calendar.tasks),
    section(deps.calendar.followUps),
    section(deps.calendar.planSteps),
    deps.calendar.services.entries(userId, EARLIEST, LATEST, limit),
    deps.workbench.churnRisk(userId, limit),
    deps.workbench.overdueReceivables(userId, asOf, limit),
    deps.unreadCount(userId),
  ]);
  const split = (entries: CalendarEntry[]) => ({
    overdue: entries.filter((entry) => entry.at < asOf),
    today: entries.filter((entry) => entry.at >= asOf).reverse(),
  });
  const sections = [tasks, followUps, planSteps].map(split);
  const truncated =
    [tasks, followUps, planSteps].some((entries) => entries.length > 2 * limit) ||
    sections.some(({ overdue: late, today }) => late.length > limit || today.length > limit) ||
    [services, churnRisk, overdue].some((entries) => entries.length > limit);
  const cut = ({ overdue: late, today }: { overdue: CalendarEntry[]; today: CalendarEntry[] }) => ({ overdue: late.slice(0, limit), today: today.slice(0, limit) });
  const [taskSection, followUpSection, planStepSection] = sections.map(cut) as [ReturnType<typeof cut>, ReturnType<typeof cut>, ReturnType<typeof cut>];
  return {
    userId,
    asOf,
    todayEnds,
    tasks: taskSection,
    followUps: followUpSection,
    planSteps: planStepSection,
    services: services.slice(0, limit),
    churnRisk: churnRisk.slice(0, limit).map((entry) => ({ ...entry, path: `/v1/lost-customers/${entry.customerId}` })),
    overdueReceivables: overdue.slice(0, limit).map((receivable) => ({
      ...receivable,
      daysOverdue: Math.max(0, Math.floor((now.getTime() - Date.parse(receivable.dueAt)) / DAY)),
      path: `/v1/orders/${receivable.orderId}`,
    })),
    unreadNotifications: Math.max(0, unread),
    truncated,
  };
};
