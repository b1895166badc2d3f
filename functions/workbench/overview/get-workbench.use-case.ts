import type { Caller } from '#shared/auth/caller';
import type { Clock } from '#shared/core/clock';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { CalendarRepository, CalendarSource } from '#functions/workbench/calendar/calendar.ports';
import type { CalendarEntry } from '#functions/workbench/calendar/calendar.schema';
import type { Workbench, WorkbenchQuery } from './workbench.schema';

/** The most entries one section shows. */
export const WORKBENCH_SECTION_LIMIT = 100;
/** Older than this is not "overdue" any more but forgotten: it stays on the lists, not on the workbench. */
const EARLIEST = '2000-01-01T00:00:00.000Z';
const LATEST = '2100-01-01T00:00:00.000Z';

export interface WorkbenchDependencies {
  readonly calendar: Omit<CalendarRepository, 'care'>;
  readonly unreadCount: (userId: string) => Promise<number>;
  readonly clock: Clock;
}

/**
 * The salesperson's workbench (业务员工作台): what to do today, in **8 DynamoDB requests issued in parallel**.
 *
 * Primary course: the caller's own — or, for managers and executives, any user's (`userId`) — open tasks, open
 * follow-ups and plan steps, each as overdue (due before now) and today (due from now to the end of today, UTC): one
 * Query each, so a long overdue backlog never pushes today's entries past the section's cut; the service requests
 * assigned to them and not yet handled (one Query); the unread notification count (one GetItem).
 *
 * Alternates: an account manager asking for someone else's → Forbidden (403). A section with more than
 * WORKBENCH_SECTION_LIMIT entries is cut and the answer says `truncated`.
 * Not on it yet: customers at churn risk and overdue receivables (docs/data-model.md, "Workbench").
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
  const section = (source: CalendarSource) =>
    Promise.all([source.entries(userId, EARLIEST, asOf, limit), source.entries(userId, asOf, todayEnds, limit)]);
  const [tasks, followUps, planSteps, services, unread] = await Promise.all([
    section(deps.calendar.tasks),
    section(deps.calendar.followUps),
    section(deps.calendar.planSteps),
    deps.calendar.services.entries(userId, EARLIEST, LATEST, limit),
    deps.unreadCount(userId),
  ]);
  const truncated = [...tasks, ...followUps, ...planSteps, services].some((entries) => entries.length > limit);
  const split = ([overdue, today]: CalendarEntry[][]) => ({ overdue: overdue!.slice(0, limit), today: today!.slice(0, limit) });
  return { userId, asOf, todayEnds, tasks: split(tasks), followUps: split(followUps), planSteps: split(planSteps), services: services.slice(0, limit), unreadNotifications: Math.max(0, unread), truncated };
};
