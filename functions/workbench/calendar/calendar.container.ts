import { loadConfig } from '#shared/core/config';
import { documentClient } from '#shared/db/client';
import type { CalendarRepository } from './calendar.ports';
import { dynamoDbCalendarRepository } from './calendar.repository';

/** Wires the real dependencies once per process; tests may replace them. */
let dependencies: { calendar: CalendarRepository } | undefined;

export const calendarDependencies = (): { calendar: CalendarRepository } =>
  (dependencies ??= { calendar: dynamoDbCalendarRepository(documentClient(), loadConfig().TABLE_NAME) });

export const useCalendarDependencies = (replacement: { calendar: CalendarRepository } | undefined): void => {
  dependencies = replacement;
};
