import { logger } from '#shared/core/logger';
import { exportJobDependencies } from './export-job.container';
import { runExportStep } from './run-export-job.use-case';
import type { StepResult } from './export.ports';

/** A start or continuation (export-job.trigger.ts): the export's id. */
export interface ExportJobEvent {
  readonly exportId?: unknown;
}

/**
 * Lambda entry of the export job, invoked asynchronously by the API side and by itself. A failing step throws, so
 * Lambda retries it (a CSV resumes from its checkpoint, an xlsx starts again); logs carry the export id and the
 * outcome only, never a record's content.
 */
export const handler = async (event: ExportJobEvent): Promise<{ exportId?: string; result: StepResult }> => {
  const exportId = typeof event.exportId === 'string' && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(event.exportId) ? event.exportId : undefined;
  if (!exportId) return { result: 'ignored' };
  try {
    const result = await runExportStep(exportJobDependencies(), exportId);
    logger.info('export job step', { exportId, result });
    return { exportId, result };
  } catch (error) {
    logger.error('export job step failed', { exportId, errorName: (error as Error | undefined)?.name });
    throw error;
  }
};
