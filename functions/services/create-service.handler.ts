import { customValues } from '#shared/custom-fields/custom-values.middleware';
import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { dictionaryCodes } from '#shared/dictionary/middleware';
import { createService } from './create-service.use-case';
import { serviceDependencies } from './service.container';
import { createServiceBody, type CreateServiceInput } from './service.schema';

export const createServiceHandler = middy<ApiEvent<CreateServiceInput>, HttpResult>()
  .use(authorize('createService'))
  .use(jsonBody())
  .use(validate({ body: createServiceBody }))
  // Custom-field values against the current definitions (400 naming body.custom.<key>).
  .use(customValues('service', 'create'))
  // The codes must be active codes of their dictionary lists (400 naming the field otherwise).
  .use(dictionaryCodes({ type: 'service-types' }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createService(serviceDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    const { service } = outcome;
    return created(service, {
      location: `/v1/services/${service.id}`,
      version: service.version,
      replayed: outcome.kind === 'replayed',
    });
  });
