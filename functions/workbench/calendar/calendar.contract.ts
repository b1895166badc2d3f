import type { RouteContract } from '#shared/http/contract';
import { calendarQuery, calendarSchema } from './calendar.schema';

/** The contract of the calendar route (see shared/http/contract.ts). */
export const calendarContracts = {
  getCalendar: {
    query: calendarQuery,
    responses: { 200: { description: 'What is due in the window, soonest first', schema: calendarSchema, name: 'Calendar' } },
  },
} satisfies Record<string, RouteContract>;
