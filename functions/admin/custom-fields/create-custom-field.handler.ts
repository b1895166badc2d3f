import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createCustomField } from './create-custom-field.use-case';
import { customFieldDependencies } from './custom-field.container';
import { createCustomFieldBody, type CreateCustomFieldInput } from './custom-field.schema';

export const createCustomFieldHandler = middy<ApiEvent<CreateCustomFieldInput>, HttpResult>()
  .use(authorize('createCustomField'))
  .use(jsonBody())
  .use(validate({ body: createCustomFieldBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createCustomField(customFieldDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    return created(outcome.field, {
      location: `/v1/custom-fields/${outcome.field.id}`,
      version: outcome.field.version,
      replayed: outcome.kind === 'replayed',
    });
  });
