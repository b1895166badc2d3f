import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { delegateTask } from './delegate-task.use-case';
import { taskDependencies } from './task.container';
import { delegateTaskBody, taskIdParams, type DelegateTaskInput } from './task.schema';

export const delegateTaskHandler = middy<ApiEvent<DelegateTaskInput, unknown, { taskId: string }>, HttpResult>()
  .use(authorize('delegateTask'))
  .use(jsonBody())
  .use(validate({ params: taskIdParams, body: delegateTaskBody }))
  .handler(async (event) => {
    const task = await delegateTask(taskDependencies(), {
      caller: callerOf(event),
      taskId: event.crm.params.taskId,
      input: event.crm.body,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(task, { version: task.version });
  });
