import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, MergeDependencies } from './merge.dependencies';
import { publicMergeOf } from './merge.entity';
import { isStalled, MERGE_STALL_MINUTES, stalledBefore } from './merge.rules';
import type { CustomerMerge } from './merge.schema';

/**
 * Resume a stalled merge or revert, managers only — the route's capability says so. A merge's job retries a failing
 * step (Lambda's asynchronous retries; locally the trigger's), and a step that failed every retry leaves the merge
 * `running` (or `reverting`) with nobody working on it: the merged customer retired, part of its records moved.
 * Every move is conditional on its source (run-merge-step.use-case.ts), so handing it back to the job is safe.
 *
 * Primary course: a running or reverting merge at the If-Match version that has made no progress for
 * MERGE_STALL_MINUTES is marked resumed (audited, `resume`) and handed to its job (merge-job.trigger.ts), which goes
 * on from its checkpoint. Answers the merge (202; its progress is `GET /v1/customers/merges/{id}`).
 *
 * Alternates: no such merge → 404; another version than If-Match → 412; completed, failed or reverted → 409; progress
 * within the last MERGE_STALL_MINUTES (its job is alive) → 409 naming when. Nothing is written then; of two resumes at
 * once one wins, the other answers 409 (its progress is now) or 412.
 */
export const resumeMerge = async (
  deps: MergeDependencies,
  request: { caller: Caller; mergeId: string; expectedVersion: number },
): Promise<CustomerMerge> => {
  const merge = await deps.merges.get(request.mergeId);
  if (!merge) throw new DomainError(ErrorCode.MergeNotFound, `No merge ${request.mergeId}.`);
  if (merge.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Merge ${merge.id} has changed since you read it (now version ${merge.version}); read it again.`);
  }
  if (merge.status !== 'running' && merge.status !== 'reverting') {
    throw new DomainError(ErrorCode.InvalidTransition, `Merge ${merge.id} is ${merge.status}: only a running or reverting merge can be resumed.`);
  }
  const now = deps.clock.now();
  if (!isStalled(merge, now)) {
    throw new DomainError(
      ErrorCode.InvalidTransition,
      `Merge ${merge.id} last progressed at ${merge.updatedAt}: its job is working. A merge can be resumed after ${MERGE_STALL_MINUTES} minutes without progress.`,
    );
  }
  const resumed = await deps.resumes.resume(merge, { username: request.caller.username, at: now.toISOString() }, stalledBefore(now));
  await deps.trigger.continueMerge(merge.id);
  return publicMergeOf(resumed);
};
