import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { calendarDependencies } from './calendar.container';
import { calendarQuery, type CalendarQuery } from './calendar.schema';
import { getCalendar } from './calendar.use-case';

export const getCalendarHandler = middy<ApiEvent<unknown, CalendarQuery>, HttpResult>()
  .use(authorize('getCalendar'))
  .use(validate({ query: calendarQuery }))
  .handler(async (event) => ok(await getCalendar(calendarDependencies(), { caller: callerOf(event), query: event.crm.query })));
