import { logger } from '#shared/core/logger';
import { BULK_JOB_LIMITS, bulkJobDependencies } from './bulk-job.container';
import { runBulkUpdateStep } from './run-bulk-update-step.use-case';

/**
 * A bulk-update job's step: the customers function invoked by itself (bulk-update-job.trigger.ts) with
 * `{ bulkUpdateJob: <id> }`. A failing step throws, so Lambda retries it (from the checkpoint). Logs carry the job id
 * and its counts only.
 */
export const handler = async (event: { readonly bulkUpdateJob: string }): Promise<{ jobId: string; status: string }> => {
  try {
    const job = await runBulkUpdateStep(bulkJobDependencies(), event.bulkUpdateJob, BULK_JOB_LIMITS.stepMillis);
    logger.info('bulk update job step', { bulkUpdateJobId: job.id, status: job.status, progress: job.progress });
    return { jobId: job.id, status: job.status };
  } catch (error) {
    logger.error('bulk update job step failed', { bulkUpdateJobId: event.bulkUpdateJob, errorName: (error as Error | undefined)?.name });
    throw error;
  }
};
