import { logger } from '#shared/core/logger';
import { loadChurnJobConfig } from './churn-detection.config';
import { churnDetectionDependencies } from './churn-detection.container';
import { ChurnDetectionFailed, detectChurn, type ChurnRun } from './churn-detection.use-case';

// Fail the cold start, not the run, when the environment is incomplete.
loadChurnJobConfig();

/** What the run answers and logs: counts, and how many records were opened (ids only in the answer). */
const summaryOf = (run: ChurnRun) => ({
  asOf: run.asOf,
  threshold: run.threshold,
  thresholdMonths: run.thresholdMonths,
  examined: run.examined,
  opened: run.opened.length,
  skipped: run.skipped,
  leftWatch: run.leftWatch,
  failed: run.failed.length,
  queries: run.queries,
});

/**
 * Lambda entry of the daily churn-detection job (EventBridge Scheduler → this function, asynchronously).
 * The scheduler's event carries nothing the job needs: time comes from the clock, settings from the environment.
 * A run that fails for any customer throws after doing all the others, so Lambda retries it (the retry only finds
 * what is left) and, when the retries are spent, the event goes to the dead-letter queue.
 */
export const handler = async (): Promise<ChurnRun> => {
  try {
    const run = await detectChurn(churnDetectionDependencies());
    logger.info('churn detection done', summaryOf(run));
    return run;
  } catch (error) {
    if (error instanceof ChurnDetectionFailed) {
      logger.error('churn detection failed for some customers', { ...summaryOf(error.run), failures: error.run.failed });
    } else {
      logger.error('churn detection failed', { errorName: (error as Error | undefined)?.name, error: error as Error });
    }
    throw error;
  }
};
