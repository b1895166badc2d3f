import { logger } from '#shared/core/logger';
import { MERGE_LIMITS, mergeDependencies } from './merge.container';
import { runMergeStep } from './run-merge-step.use-case';

/**
 * A merge's job step: the customers function invoked by itself (merge-job.trigger.ts) with `{ mergeJob: <id> }`. A
 * failing step throws, so Lambda retries it (each item's move is conditional on its source: a retry resumes). Logs
 * carry the merge id and its counts only.
 */
export const handler = async (event: { readonly mergeJob: string }): Promise<{ mergeId: string; status: string }> => {
  try {
    const merge = await runMergeStep(mergeDependencies(), event.mergeJob, MERGE_LIMITS.stepMillis);
    logger.info('merge job step', { mergeId: merge.id, status: merge.status, phase: merge.phase, moved: merge.moved });
    return { mergeId: merge.id, status: merge.status };
  } catch (error) {
    logger.error('merge job step failed', { mergeId: event.mergeJob, errorName: (error as Error | undefined)?.name });
    throw error;
  }
};
