import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { rescheduleTask } from './reschedule-task.use-case';
import { taskDependencies } from './task.container';
import { rescheduleTaskBody, taskIdParams, type RescheduleTaskInput } from './task.schema';

export const rescheduleTaskHandler = middy<ApiEvent<RescheduleTaskInput, unknown, { taskId: string }>, HttpResult>()
  .use(authorize('rescheduleTask'))
  .use(jsonBody())
  .use(validate({ params: taskIdParams, body: rescheduleTaskBody }))
  .handler(async (event) => {
    const task = await rescheduleTask(taskDependencies(), {
      caller: callerOf(event),
      taskId: event.crm.params.taskId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(task, { version: task.version });
  });
