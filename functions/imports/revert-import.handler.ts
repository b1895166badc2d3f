import middy from '@middy/core';
import { expectedVersionFrom } from '#shared/http/etag';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { importApiDependencies } from './imports.container';
import { importIdParams } from './import.schema';
import { revertImport } from './revert-import.use-case';

export const revertImportHandler = middy<ApiEvent<unknown, unknown, { importId: string }>, HttpResult>()
  .use(authorize('revertImport'))
  .use(validate({ params: importIdParams }))
  .handler(async (event) => {
    const job = await revertImport(importApiDependencies(), {
      caller: callerOf(event),
      importId: event.crm.params.importId,
      expectedVersion: expectedVersionFrom(event.headers),
    });
    return ok(job, { version: job.version });
  });
