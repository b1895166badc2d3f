import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { completeTask } from './complete-task.use-case';
import { taskDependencies } from './task.container';
import { completeTaskBody, taskIdParams, type CompleteTaskInput } from './task.schema';

export const completeTaskHandler = middy<ApiEvent<CompleteTaskInput, unknown, { taskId: string }>, HttpResult>()
  .use(authorize('completeTask'))
  .use(jsonBody())
  .use(validate({ params: taskIdParams, body: completeTaskBody }))
  .handler(async (event) => {
    const task = await completeTask(taskDependencies(), {
      caller: callerOf(event),
      taskId: event.crm.params.taskId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(task, { version: task.version });
  });
