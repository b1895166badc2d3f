import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ImportJob } from './import.ports';
import type { ImportJobView } from './import.schema';

/** Imports are visible to whoever may import everything (`all`), and to the account manager who started them. */
export const visibleImport = (caller: Caller, job: ImportJob | undefined, importId: string): ImportJob => {
  if (!job || (caller.scope === 'own' && job.createdBy !== caller.username)) {
    throw new DomainError(ErrorCode.ImportNotFound, `Import ${importId} not found.`);
  }
  return job;
};

/** The import as the API shows it: without the job's checkpoint, scope and TTL. */
export const importView = ({ scope: _scope, checkpoint: _checkpoint, revertCheckpoint: _revert, stepFailures: _failures, ttl: _ttl, ...view }: ImportJob): ImportJobView => view;

/**
 * A step that throws this many times in a row at the same checkpoint fails the import (with its reason) instead of
 * being retried again: Lambda's asynchronous invoke tries an event 3 times (lib/constructs/imports.ts: retries 2), so
 * the third failure is the last one that runs — after it the import would otherwise stay `importing` for ever.
 */
export const MAX_STEP_ATTEMPTS = 3;

export const CONTENT_TYPES = {
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** An import can be reverted for 7 days after it completed. */
export const REVERT_WINDOW_DAYS = 7;
/** Import items and their row reports leave the table after 30 days (TTL); the file's lifecycle rule matches. */
export const IMPORT_RETENTION_DAYS = 30;

export const EMPTY_PROGRESS = { read: 0, valid: 0, created: 0, updated: 0, skipped: 0, failed: 0, reverted: 0, revertRefused: 0 } as const;

/** A step that moves the checkpoint ends a run of failures. */
export const failuresCleared = (job: ImportJob): { stepFailures?: number } => (job.stepFailures ? { stepFailures: 0 } : {});
