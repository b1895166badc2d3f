import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller } from '#shared/auth/caller';
import type { CalendarRepository } from './calendar.ports';
import type { Calendar, CalendarQuery } from './calendar.schema';

/** The most entries one source contributes to a calendar answer. */
export const CALENDAR_SOURCE_LIMIT = 200;

/**
 * A user's calendar (日程安排): what is due in a window, merged from every source.
 *
 * Primary course: the caller's own calendar, or — managers and executives (scope `all`) — any user's. Five Queries
 * in parallel, one per source, each a key-range read of the user's index (docs/data-model.md, "Calendar"):
 * open tasks by due date, open follow-ups by due date, assigned (unhandled) service requests by creation date
 * shifted by the handling target, open plan steps of the user's assigned opportunities by due time, and the care
 * reminders of the user's customers (contacts' special days, no-contact checks the job has placed) by due time. The entries are
 * merged soonest first.
 *
 * Alternates: an account manager asking for someone else's calendar → Forbidden (403). A source with more than
 * CALENDAR_SOURCE_LIMIT entries is cut there and the answer says `truncated`.
 */
export const getCalendar = async (
  deps: { calendar: CalendarRepository },
  request: { caller: Caller; query: CalendarQuery },
): Promise<Calendar> => {
  const { caller, query } = request;
  const userId = query.userId ?? caller.username;
  if (caller.scope === 'own' && userId !== caller.username) {
    throw new DomainError(ErrorCode.Forbidden, 'Account managers read their own calendar only.');
  }
  const { tasks, followUps, services, planSteps, care } = deps.calendar;
  const sources = await Promise.all(
    [tasks, followUps, services, planSteps, care].map((source) => source.entries(userId, query.from, query.to, CALENDAR_SOURCE_LIMIT)),
  );
  const truncated = sources.some((entries) => entries.length > CALENDAR_SOURCE_LIMIT);
  const items = sources
    .flatMap((entries) => entries.slice(0, CALENDAR_SOURCE_LIMIT))
    .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)));
  return { userId, from: query.from, to: query.to, items, truncated };
};
