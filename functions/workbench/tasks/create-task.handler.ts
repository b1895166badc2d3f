import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createTask } from './create-task.use-case';
import { taskDependencies } from './task.container';
import { createTaskBody, type CreateTaskInput } from './task.schema';

export const createTaskHandler = middy<ApiEvent<CreateTaskInput>, HttpResult>()
  .use(authorize('createTask'))
  .use(jsonBody())
  .use(validate({ body: createTaskBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createTask(taskDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const { task } = outcome;
    return created(task, { location: `/v1/tasks/${task.id}`, version: task.version, replayed: outcome.kind === 'replayed' });
  });
