import middy from '@middy/core';
import { systemClock } from '#shared/core/clock';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { calendarDependencies } from '#functions/workbench/calendar/calendar.container';
import { notificationDependencies } from '#functions/workbench/notifications/notification.container';
import { getWorkbench } from './get-workbench.use-case';
import { workbenchDependencies } from './workbench.container';
import { workbenchQuery, type WorkbenchQuery } from './workbench.schema';

export const getWorkbenchHandler = middy<ApiEvent<unknown, WorkbenchQuery>, HttpResult>()
  .use(authorize('getWorkbench'))
  .use(validate({ query: workbenchQuery }))
  .handler(async (event) => {
    const { calendar } = calendarDependencies();
    const { notifications } = notificationDependencies();
    const { workbench: reads } = workbenchDependencies();
    const workbench = await getWorkbench(
      { calendar, workbench: reads, unreadCount: (userId) => notifications.unreadCount(userId), clock: systemClock },
      { caller: callerOf(event), query: event.crm.query },
    );
    return ok(workbench);
  });
