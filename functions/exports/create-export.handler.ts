import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { accepted, type HttpResult } from '#shared/http/responses';
import { createExport } from './create-export.use-case';
import { exportFilterChecks } from './export-filters.middleware';
import { createExportBody, type CreateExportInput } from './export.schema';
import { exportApiDependencies } from './exports.container';

export const createExportHandler = middy<ApiEvent<CreateExportInput>, HttpResult>()
  .use(authorize('createExport'))
  .use(jsonBody())
  .use(validate({ body: createExportBody }))
  .use(exportFilterChecks)
  .handler(async (event) => {
    const idempotency = idempotencyOf(event);
    const outcome = await createExport(exportApiDependencies(), {
      caller: callerOf(event),
      input: event.crm.body,
      ...(idempotency ? { idempotency } : {}),
    });
    return accepted(outcome.export, { location: `/v1/exports/${outcome.export.id}`, version: outcome.export.version, replayed: outcome.kind === 'replayed' });
  });
