import * as z from 'zod';
import { logger } from '#shared/core/logger';
import { loadReportSnapshotConfig } from './report-snapshots.config';
import { reportSnapshotDependencies } from './report-snapshots.container';
import { takeReportSnapshots, type SnapshotRun } from './report-snapshots.use-case';

// Fail the cold start, not the run, when the environment is incomplete.
loadReportSnapshotConfig();

/** What the schedule sends (lib/constructs/schedule.ts): which schedule fired, and optionally a period. */
const eventSchema = z.object({
  trigger: z.enum(['nightly', 'monthly', 'manual']).default('manual'),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});

/**
 * Lambda entry of the report-snapshot job (EventBridge Scheduler → this function, asynchronously; nightly and on
 * the 1st of each month). Writes every report of the period; throws on any failure so that Lambda retries the run
 * (idempotent: a retry overwrites the same items) and, when the retries are spent, the event is dead-lettered.
 */
export const handler = async (event: unknown = {}): Promise<SnapshotRun> => {
  const parsed = eventSchema.safeParse(event ?? {});
  if (!parsed.success) {
    logger.error('report snapshots: invalid event', { issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
    throw new Error('report snapshots: invalid event');
  }
  try {
    const run = await takeReportSnapshots(reportSnapshotDependencies(), parsed.data);
    logger.info('report snapshots written', { ...run });
    return run;
  } catch (error) {
    logger.error('report snapshots failed', { errorName: (error as Error | undefined)?.name, error: error as Error });
    throw error;
  }
};
