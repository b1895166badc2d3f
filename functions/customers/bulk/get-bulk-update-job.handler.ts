import middy from '@middy/core';
import { authorize, validate, type ApiEvent } from '#shared/http/middleware';
import { ok, type HttpResult } from '#shared/http/responses';
import { bulkJobDependencies } from './bulk-job.container';
import { bulkJobIdParams } from './bulk-update-job.schema';
import { getBulkUpdateJob } from './get-bulk-update-job.use-case';

export const getBulkUpdateJobHandler = middy<ApiEvent<unknown, unknown, { jobId: string }>, HttpResult>()
  .use(authorize('getBulkUpdateJob'))
  .use(validate({ params: bulkJobIdParams }))
  .handler(async (event) => {
    const job = await getBulkUpdateJob(bulkJobDependencies(), event.crm.params.jobId);
    return ok(job, { version: job.version });
  });
