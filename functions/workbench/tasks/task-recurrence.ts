import * as rruleModule from 'rrule';
import { DomainError, ErrorCode } from '#shared/core/errors';

/**
 * Recurring tasks by iCalendar RRULE (npm `rrule`). Loaded only by the routes that create or complete a task.
 *
 * `rrule` publishes CommonJS (`main`) and ESM (`module`) builds: Node's ESM loader sees only the CommonJS object as
 * the default export, esbuild (mainFields module first, lib/function-bundling.ts) the named exports. Both work here.
 */
type RRuleLib = typeof import('rrule');
// Reflect.get: the CommonJS default is read at run time only (a static `.default` makes esbuild warn in the ESM build).
const lib: RRuleLib = 'rrulestr' in rruleModule ? rruleModule : (Reflect.get(rruleModule, 'default') as RRuleLib);

/** A series ends within this many occurrences … */
export const MAX_OCCURRENCES = 1000;
/** … and within this many years of its first due date. */
export const MAX_SERIES_YEARS = 10;

const invalid = (message: string): DomainError =>
  new DomainError(ErrorCode.ValidationFailed, `The recurrence is not accepted: ${message}`, {
    errors: [{ path: 'body.recurrence', message }],
  });

const parse = (recurrence: string, seriesStartAt: string) => {
  try {
    return lib.rrulestr(recurrence.replace(/^RRULE:/, ''), { dtstart: new Date(seriesStartAt) }) as InstanceType<RRuleLib['RRule']>;
  } catch (error) {
    throw invalid(error instanceof Error ? error.message.slice(0, 200) : 'not an RRULE');
  }
};

/**
 * Checks an RRULE for a series starting at `seriesStartAt`: it must parse, repeat at most daily (no HOURLY,
 * MINUTELY, SECONDLY, no BYHOUR / BYMINUTE / BYSECOND that would fire several times a day), and end — COUNT ≤
 * MAX_OCCURRENCES or UNTIL within MAX_SERIES_YEARS. Answers the normalised rule (without `RRULE:`).
 */
export const checkRecurrence = (recurrence: string, seriesStartAt: string): string => {
  const rule = parse(recurrence, seriesStartAt);
  const given = rule.origOptions;
  if (given.freq === undefined) throw invalid('FREQ is required.');
  if (given.freq > lib.RRule.DAILY) throw invalid('A task repeats at most daily (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY).');
  if (given.byhour !== undefined || given.byminute !== undefined || given.bysecond !== undefined) {
    throw invalid('BYHOUR, BYMINUTE and BYSECOND are not accepted: the time of day is that of dueAt.');
  }
  if (given.interval !== undefined && given.interval !== null && (given.interval < 1 || given.interval > 366)) {
    throw invalid('INTERVAL must be between 1 and 366.');
  }
  if (given.count === undefined && given.until === undefined) throw invalid('The rule must end: give COUNT or UNTIL.');
  if (given.count !== undefined && given.count !== null && (given.count < 1 || given.count > MAX_OCCURRENCES)) {
    throw invalid(`COUNT must be between 1 and ${MAX_OCCURRENCES}.`);
  }
  if (given.until) {
    const limit = new Date(seriesStartAt);
    limit.setUTCFullYear(limit.getUTCFullYear() + MAX_SERIES_YEARS);
    if (given.until.getTime() > limit.getTime()) throw invalid(`UNTIL must be within ${MAX_SERIES_YEARS} years of dueAt.`);
  }
  return recurrence.replace(/^RRULE:/, '');
};

/** The due date of the occurrence after the one due at `dueAt`, or undefined when the series has ended. */
export const nextOccurrence = (recurrence: string, seriesStartAt: string, dueAt: string): string | undefined =>
  parse(recurrence, seriesStartAt).after(new Date(dueAt), false)?.toISOString();
