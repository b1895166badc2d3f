import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ImportJobView } from './import.schema';
import { importView, visibleImport } from './import.rules';
import type { ImportApiDependencies } from './imports.dependencies';

/**
 * Revert an import (undo it) within 7 days of its completion.
 *
 * Primary course: a completed commit-mode import moves to `reverting` and its job undoes it step by step
 * (revert-import.step.ts): created records archived, updated ones given back their values — each only if it is
 * still as the import left it; the others are listed (`rows?status=revert-refused`). The answer is the import,
 * `reverting`; `GET /v1/imports/{id}` follows it to `reverted`.
 *
 * Alternates: not visible → 404; another version than If-Match → VersionConflict (412); not a completed (or, having
 * written records, failed) commit import, or past the 7 days → InvalidTransition (409).
 */
export const revertImport = async (
  deps: Pick<ImportApiDependencies, 'imports' | 'clock' | 'trigger'>,
  request: { caller: Caller; importId: string; expectedVersion: number },
): Promise<ImportJobView> => {
  const job = visibleImport(request.caller, await deps.imports.get(request.importId), request.importId);
  if (job.version !== request.expectedVersion) throw new DomainError(ErrorCode.VersionConflict, `Import ${job.id} has changed; read it again.`);
  const now = deps.clock.now().toISOString();
  // A commit import that failed after writing records (its job gave up: run-import-job.use-case.ts) is revertible too.
  if ((job.status !== 'completed' && job.status !== 'failed') || job.mode !== 'commit') {
    throw new DomainError(ErrorCode.InvalidTransition, `Only a completed import that wrote records can be reverted; this one is ${job.mode === 'commit' ? job.status : 'a validation'}.`);
  }
  if (!job.revertibleUntil || job.revertibleUntil < now) {
    throw new DomainError(ErrorCode.InvalidTransition, 'This import can no longer be reverted: the 7 days after its completion are over.');
  }
  const reverting = await deps.imports.advance(job, { status: 'reverting' }, now, {
    at: now,
    actor: request.caller.username,
    action: 'transition',
    entityType: 'import',
    entityId: job.id,
    entityVersion: job.version + 1,
    changes: [{ field: 'status', old: job.status, new: 'reverting' }],
  });
  await deps.trigger.continueJob(job.id);
  return importView(reverting);
};
