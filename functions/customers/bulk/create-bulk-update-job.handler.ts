import middy from '@middy/core';
import { authorize, jsonBody, validate, type ApiEvent } from '#shared/http/middleware';
import { callerOf, idempotencyOf } from '#shared/http/request';
import { accepted, type HttpResult } from '#shared/http/responses';
import { bulkChangeCodes, bulkFilterCodes } from './bulk-change-codes.middleware';
import { bulkJobDependencies } from './bulk-job.container';
import { createBulkUpdateJobBody, type CreateBulkUpdateJobInput } from './bulk-update-job.schema';
import { createBulkUpdateJob } from './create-bulk-update-job.use-case';

/** `POST /v1/customers/bulk-updates`: a bulk update by filter, run as a job (202 and the job; follow it with GET). */
export const createBulkUpdateJobHandler = middy<ApiEvent<CreateBulkUpdateJobInput>, HttpResult>()
  .use(authorize('createBulkUpdateJob'))
  .use(jsonBody())
  .use(validate({ body: createBulkUpdateJobBody }))
  .use(bulkFilterCodes)
  .use(bulkChangeCodes)
  .handler(async (event) => {
    const { job, replayed } = await createBulkUpdateJob(bulkJobDependencies(), { caller: callerOf(event), input: event.crm.body, idempotency: idempotencyOf(event) });
    return accepted(job, { location: `/v1/customers/bulk-updates/${job.id}`, version: job.version, replayed });
  });
