import { logger } from '#shared/core/logger';
import type { BulkJobTrigger } from './bulk.ports';

/**
 * How a bulk-update job starts and goes on (docs/data-model.md, "Bulk-update job"), as a merge does
 * (functions/customers/merge/merge-job.trigger.ts): in AWS an asynchronous Invoke of the customers function itself
 * with `{ bulkUpdateJob: <id> }` (functions/customers/index.ts hands that event to the job step; Lambda retries a
 * failed asynchronous invocation twice, and the job's checkpoint makes a retry resume). Locally (no Lambda): the same
 * step, run in this process on the next turn of the event loop — unless `BULK_UPDATE_JOB_STEPS=manual` (the test
 * run: the fuzz and role suites start jobs over filters of the shared table, whose customers other files hold; a
 * test runs its own job's steps itself).
 */
export type BulkJobStepRunner = (jobId: string) => Promise<unknown>;

export const bulkJobTrigger = (runStep: BulkJobStepRunner): BulkJobTrigger => {
  const functionName = process.env['AWS_LAMBDA_FUNCTION_NAME'];
  if (functionName) {
    return {
      continueJob: async (jobId) => {
        const { InvokeCommand, LambdaClient } = await import('@aws-sdk/client-lambda');
        await new LambdaClient({}).send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'Event', Payload: JSON.stringify({ bulkUpdateJob: jobId }) }));
      },
    };
  }
  return {
    continueJob: async (jobId) => {
      if (process.env['BULK_UPDATE_JOB_STEPS'] === 'manual') return;
      setImmediate(() => {
        runStep(jobId).catch((error: unknown) => logger.error('bulk update job step failed', { bulkUpdateJobId: jobId, errorName: (error as Error | undefined)?.name }));
      });
    },
  };
};
