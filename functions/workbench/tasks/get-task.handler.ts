import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getTask } from './get-task.use-case';
import { taskDependencies } from './task.container';
import { taskIdParams } from './task.schema';

export const getTaskHandler = middy<ApiEvent<unknown, unknown, { taskId: string }>, HttpResult>()
  .use(authorize('getTask'))
  .use(validate({ params: taskIdParams }))
  .handler(async (event) => {
    const task = await getTask(taskDependencies(), { caller: callerOf(event), taskId: event.crm.params.taskId });
    return ok(task, { version: task.version });
  });
