import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { cancelTask } from './cancel-task.use-case';
import { taskDependencies } from './task.container';
import { cancelTaskBody, taskIdParams, type CancelTaskInput } from './task.schema';

export const cancelTaskHandler = middy<ApiEvent<CancelTaskInput, unknown, { taskId: string }>, HttpResult>()
  .use(authorize('cancelTask'))
  .use(jsonBody())
  .use(validate({ params: taskIdParams, body: cancelTaskBody }))
  .handler(async (event) => {
    const task = await cancelTask(taskDependencies(), {
      caller: callerOf(event),
      taskId: event.crm.params.taskId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(task, { version: task.version });
  });
