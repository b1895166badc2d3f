import { DomainError, ErrorCode } from '#shared/core/errors';
import type { BulkJobDependencies } from './bulk-job.dependencies';
import { publicBulkUpdateJobOf } from './bulk-update-job.entity';
import type { BulkUpdateJob } from './bulk-update-job.schema';

/**
 * Read a bulk-update job: status and progress (managers only — the route's capability says so).
 *
 * Primary course: one consistent read of the job. Alternate: no such job → 404.
 */
export const getBulkUpdateJob = async (deps: Pick<BulkJobDependencies, 'jobs'>, jobId: string): Promise<BulkUpdateJob> => {
  const job = await deps.jobs.get(jobId);
  if (!job) throw new DomainError(ErrorCode.CustomerNotFound, `No bulk update ${jobId}.`);
  return publicBulkUpdateJobOf(job);
};
