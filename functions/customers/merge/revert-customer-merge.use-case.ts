import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, MergeDependencies } from './merge.dependencies';
import { publicMergeOf } from './merge.entity';
import type { CustomerMerge } from './merge.schema';

/**
 * Revert (undo) a merge within 30 days of its start (`revertibleUntil`), managers only — the route's capability says so.
 *
 * Primary course: a completed merge at the If-Match version moves to `reverting` (audited, `unmerge`) and is handed
 * to the merge's job (merge-job.trigger.ts), which restores the merged customer, moves each ledgered item back while
 * the survivor's copy is unchanged since the merge (the others stay and are listed in `revertRefusals`), gives the
 * survivor its own kept fields back if it is unchanged since, lowers its counters, and ends `reverted`
 * (run-merge-revert-step.ts). Answers the merge, `reverting` (202; its progress is `GET /v1/customers/merges/{id}`).
 *
 * Alternates: no such merge → 404; another version than If-Match → 412; not completed (running, failed, reverting,
 * reverted) or past `revertibleUntil` → 409. Nothing is written then; of two reverts at once one wins, the other
 * answers 409 (or 412).
 */
export const revertMerge = async (
  deps: MergeDependencies,
  request: { caller: Caller; mergeId: string; expectedVersion: number },
): Promise<CustomerMerge> => {
  const merge = await deps.merges.get(request.mergeId);
  if (!merge) throw new DomainError(ErrorCode.MergeNotFound, `No merge ${request.mergeId}.`);
  if (merge.version !== request.expectedVersion) {
    throw new DomainError(ErrorCode.VersionConflict, `Merge ${merge.id} has changed since you read it (now version ${merge.version}); read it again.`);
  }
  if (merge.status !== 'completed') throw new DomainError(ErrorCode.InvalidTransition, `Merge ${merge.id} is ${merge.status}: only a completed merge can be reverted.`);
  const now = deps.clock.now().toISOString();
  if (merge.revertibleUntil < now) {
    throw new DomainError(ErrorCode.InvalidTransition, `Merge ${merge.id} can no longer be reverted: the ${deps.limits.revertDays} days ended at ${merge.revertibleUntil}.`);
  }
  const reverting = await deps.reverts.startRevert(merge, { username: request.caller.username, at: now });
  await deps.trigger.continueMerge(merge.id);
  return publicMergeOf(reverting);
};
