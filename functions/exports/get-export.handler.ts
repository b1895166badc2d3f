import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf } from '#shared/http/request';
import { ok, type HttpResult } from '#shared/http/responses';
import { getExport } from './get-export.use-case';
import { exportIdParams } from './export.schema';
import { exportApiDependencies } from './exports.container';

export const getExportHandler = middy<ApiEvent<unknown, unknown, { exportId: string }>, HttpResult>()
  .use(authorize('getExport'))
  .use(validate({ params: exportIdParams }))
  .handler(async (event) => {
    const view = await getExport(exportApiDependencies(), { caller: callerOf(event), exportId: event.crm.params.exportId });
    return ok(view, { version: view.version });
  });
