import { logger } from '#shared/core/logger';
import { importIdOfKey } from '#shared/files/file-keys';
import { importJobDependencies } from './import-job.container';
import { runImportStep } from './run-import-job.use-case';
import type { StepResult } from './import.ports';

/** The bucket's object-created event as EventBridge delivers it (lib/constructs/imports.ts), or a continuation. */
export type ImportJobEvent =
  | { readonly 'detail-type': 'Object Created'; readonly detail: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } } }
  | { readonly importId: string };

const importIdOf = (event: ImportJobEvent): string | undefined => ('importId' in event ? event.importId : importIdOfKey(event.detail.object.key));

/**
 * Lambda entry of the import job: invoked by the EventBridge rule on an object created under `imports/`, and by
 * itself to continue (import-job.trigger.ts). Locally the same module is called by the local stack's stand-in for the
 * rule (local/s3-local.ts) and by the in-process trigger. A failing step throws, so Lambda retries it (the
 * checkpoint makes the retry resume); logs carry the import id and counts only, never a row's content.
 */
export const handler = async (event: ImportJobEvent): Promise<{ importId?: string; result: StepResult }> => {
  const importId = importIdOf(event);
  if (!importId) return { result: 'ignored' };
  try {
    const result = await runImportStep(importJobDependencies(), importId);
    logger.info('import job step', { importId, result });
    return { importId, result };
  } catch (error) {
    logger.error('import job step failed', { importId, errorName: (error as Error | undefined)?.name });
    throw error;
  }
};
