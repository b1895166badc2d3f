import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { created, type HttpResult } from '#shared/http/responses';
import { createImport } from './create-import.use-case';
import { importApiDependencies } from './imports.container';
import { createImportBody, type CreateImportInput } from './import.schema';

export const createImportHandler = middy<ApiEvent<CreateImportInput>, HttpResult>()
  .use(authorize('createImport'))
  .use(jsonBody())
  .use(validate({ body: createImportBody }))
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createImport(importApiDependencies(), {
      caller: callerOf(event),
      role: event.crm.principal.role,
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    return created(
      { import: outcome.import, upload: outcome.upload },
      { location: `/v1/imports/${outcome.import.id}`, version: outcome.import.version, replayed: outcome.kind === 'replayed' },
    );
  });
