import { DomainError, ErrorCode } from '#shared/core/errors';
import type { Caller, MergeDependencies } from './merge.dependencies';
import { publicMergeOf } from './merge.entity';
import { isStalled } from './merge.rules';
import type { CustomerMerge } from './merge.schema';

/**
 * Read a merge: its status, phase and progress (items moved by kind).
 *
 * Primary course: the merge exists → it is returned (managers only — the route's capability says so), `stalled` when
 * its job has stopped with work left (merge.rules.ts; resume-customer-merge.use-case.ts hands it back).
 * Alternate: no such merge → 404.
 */
export const getMerge = async (deps: MergeDependencies, request: { caller: Caller; mergeId: string }): Promise<CustomerMerge> => {
  const merge = await deps.merges.get(request.mergeId);
  if (!merge) throw new DomainError(ErrorCode.MergeNotFound, `No merge ${request.mergeId}.`);
  return { ...publicMergeOf(merge), ...(isStalled(merge, deps.clock.now()) ? { stalled: true } : {}) };
};
