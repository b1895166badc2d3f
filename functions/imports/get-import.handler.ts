import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getImport } from './get-import.use-case';
import { importApiDependencies } from './imports.container';
import { importIdParams } from './import.schema';

export const getImportHandler = middy<ApiEvent<unknown, unknown, { importId: string }>, HttpResult>()
  .use(authorize('getImport'))
  .use(validate({ params: importIdParams }))
  .handler(async (event) => {
    const job = await getImport(importApiDependencies(), { caller: callerOf(event), importId: event.crm.params.importId });
    return ok(job, { version: job.version });
  });
