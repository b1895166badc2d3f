import type { CalendarEntry } from './calendar.schema';

/** What the calendar reads: each source one Query over the user's index, bounded. */
export interface CalendarSource {
  /**
   * The user's entries due in [from, to), at most `limit` + 1 (so the caller can tell it was cut): soonest first, or
   * with `latestFirst` the latest first (the workbench reads today and the overdue in one Query that way).
   */
  entries(userId: string, from: string, to: string, limit: number, options?: { latestFirst?: boolean }): Promise<CalendarEntry[]>;
}

export interface CalendarRepository {
  readonly tasks: CalendarSource;
  readonly followUps: CalendarSource;
  readonly services: CalendarSource;
  /** Open plan steps of the user's assigned opportunities, by due time. */
  readonly planSteps: CalendarSource;
  /** Care reminders (contacts' special days, placed no-contact checks) of the user's customers, by due time. */
  readonly care: CalendarSource;
}
