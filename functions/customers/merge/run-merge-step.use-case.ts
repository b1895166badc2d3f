import { DomainError, ErrorCode, isDomainError } from '#shared/core/errors';
import type { MergeDependencies } from './merge.dependencies';
import { publicMergeOf, type StoredMerge } from './merge.entity';
import { keepChangesOf } from './merge.rules';
import { revertOnce } from './run-merge-revert-step';
import type { CustomerMerge } from './merge.schema';

const SURVIVOR_CHANGED = 'The survivor changed before its kept fields were applied: they were left as they are.';

/**
 * One job step of a merge: phase after phase until the merge is done or `budgetMillis` is spent; then, if anything
 * is left, the next step is triggered (merge-job.trigger.ts). A step that meets a passing fault throws (Lambda
 * retries it from the checkpoint; locally the trigger does).
 *
 * Primary course: `keep` takes the chosen fields from the merged customer onto the survivor (one customer update,
 * held to the version the caller sent); `records` moves the merged customer's item collection page by page (each
 * item with everything it drags along in ONE transaction, progress counted in it); `tasks` re-points its tasks;
 * `attachments` re-points the attachments under it (on itself and on its records); `opportunities` re-points its
 * opportunities (their customer and by-customer index); `quotes` its quotations (customer, name, by-customer index);
 * `portalUsers` its customer-portal users (their customer and the customer's list: they sign in to the survivor);
 * `finish` sets the survivor's derived fields and completes the merge. A reverting merge's steps run its revert's
 * phases instead (run-merge-revert-step.ts).
 *
 * Re-runnable: each item's transaction deletes it from the merged customer on the condition that it is still there,
 * so a crash, a retry or a second runner never moves anything twice and loses nothing; the phase moves are
 * conditional on the phase read. A survivor that changed before `keep` is a warning, not a failure; a survivor
 * archived meanwhile fails the merge (`failure`), leaving what moved under the survivor.
 */
export const runMergeStep = async (
  deps: MergeDependencies,
  mergeId: string,
  budgetMillis: number,
): Promise<CustomerMerge> => {
  const started = deps.clock.now().getTime();
  const inBudget = () => deps.clock.now().getTime() - started < budgetMillis;
  let merge = await deps.merges.get(mergeId);
  if (!merge) throw new DomainError(ErrorCode.CustomerNotFound, `No merge ${mergeId}.`);
  const at = () => deps.clock.now().toISOString();
  try {
    while (isActive(merge) && inBudget()) {
      merge = merge.status === 'reverting' ? await revertOnce(deps, merge, at()) : await advanceOnce(deps, merge, at());
    }
  } catch (error) {
    const passing = !isDomainError(error) || error.code === ErrorCode.ServiceBusy || error.code === ErrorCode.ConcurrentChange;
    if (passing) throw error;
    merge =
      merge.status === 'reverting'
        ? await deps.reverts.advanceRevert(merge, merge.phase, at(), { status: 'failed', failure: `Revert: ${error.message}` })
        : await deps.merges.advance(merge, merge.phase, at(), { status: 'failed', failure: error.message });
  }
  if (isActive(merge)) await deps.trigger.continueMerge(mergeId);
  return publicMergeOf(merge);
};

/** A merge or a revert with work left (its job runs). */
const isActive = (merge: StoredMerge): boolean => merge.status === 'running' || merge.status === 'reverting';

/** The phase after each moving phase. */
const NEXT_PHASE = { records: 'tasks', tasks: 'attachments', attachments: 'opportunities', opportunities: 'quotes', quotes: 'portalUsers', portalUsers: 'finish' } as const;

const advanceOnce = async (deps: MergeDependencies, merge: StoredMerge, at: string): Promise<StoredMerge> => {
  switch (merge.phase) {
    case 'keep': {
      const [survivor, merged] = await Promise.all([deps.customers.get(merge.survivorId), deps.customers.get(merge.mergedId)]);
      if (!survivor || survivor.deletedAt !== undefined) throw new DomainError(ErrorCode.CustomerNotFound, `The survivor ${merge.survivorId} was archived.`);
      if (!merged) throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${merge.mergedId} is gone.`);
      const changes = keepChangesOf(survivor, merged, merge.keep);
      if (Object.keys(changes).length === 0) return deps.merges.advance(merge, 'records', at);
      if (survivor.version !== merge.survivorVersion) return deps.merges.advance(merge, 'records', at, { warnings: [SURVIVOR_CHANGED] });
      const kept = await deps.customers.update(merge.survivorId, changes, { expectedVersion: merge.survivorVersion }, { username: merge.createdBy, at });
      return deps.merges.advance(merge, 'records', at, { keptVersion: kept.version });
    }
    case 'records':
    case 'tasks':
    case 'attachments':
    case 'opportunities':
    case 'quotes':
    case 'portalUsers': {
      const survivor = await deps.customers.get(merge.survivorId);
      if (!survivor || survivor.deletedAt !== undefined) throw new DomainError(ErrorCode.CustomerNotFound, `The survivor ${merge.survivorId} was archived.`);
      const page = await deps.merges.movePage(merge, merge.phase, { id: survivor.id, name: survivor.name, ownerId: survivor.ownerId });
      const fresh = (await deps.merges.get(merge.id)) ?? merge;
      return page.done ? deps.merges.advance(fresh, NEXT_PHASE[merge.phase], at) : fresh;
    }
    case 'finish': {
      const merged = await deps.customers.get(merge.mergedId);
      if (!merged) throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${merge.mergedId} is gone.`);
      await deps.merges.finish(merge, merged);
      return (await deps.merges.get(merge.id)) ?? merge;
    }
    default:
      return merge;
  }
};
