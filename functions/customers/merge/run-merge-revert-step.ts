import { DomainError, ErrorCode, isDomainError } from '#shared/core/errors';
import type { MergeDependencies } from './merge.dependencies';
import type { StoredMerge } from './merge.entity';
import { restoreChangesOf } from './merge.rules';

const SURVIVOR_CHANGED = "The survivor changed after the merge: its fields from before the merge (survivorBefore) were not given back.";

/**
 * One phase (or one ledger page) of a merge's revert, for the merge's job step (run-merge-step.use-case.ts):
 * `revert-customer` brings the merged customer back (customer repository `restore`) and gives the survivor its
 * kept fields' values from before the merge — only while the survivor is at the version the merge left it
 * (`keptVersion`), else a warning; `revert-items` walks the ledger a page at a time, each item moved back in its
 * own transaction while unchanged since the merge (the others reported); `revert-finish` lowers the survivor's
 * lifetime value and marks the merge `reverted`. Every phase move is conditional on the phase read.
 */
export const revertOnce = async (deps: MergeDependencies, merge: StoredMerge, at: string): Promise<StoredMerge> => {
  const actor = { username: merge.revertedBy ?? merge.createdBy, at };
  switch (merge.phase) {
    case 'revert-customer': {
      await deps.customers.restore(merge.mergedId, { mergeId: merge.id }, actor);
      const warnings: string[] = [];
      if (merge.keptVersion !== undefined) {
        const survivor = await deps.customers.get(merge.survivorId);
        const changes = survivor && survivor.deletedAt === undefined ? restoreChangesOf(survivor, merge.survivorBefore) : {};
        if (survivor && survivor.deletedAt === undefined && Object.keys(changes).length > 0) {
          if (survivor.version !== merge.keptVersion) warnings.push(SURVIVOR_CHANGED);
          else {
            try {
              await deps.customers.update(merge.survivorId, changes, { expectedVersion: merge.keptVersion }, actor);
            } catch (error) {
              if (!isDomainError(error) || (error.code !== ErrorCode.VersionConflict && error.code !== ErrorCode.CustomerNotFound)) throw error;
              warnings.push(SURVIVOR_CHANGED);
            }
          }
        }
      }
      return deps.reverts.advanceRevert(merge, 'revert-items', at, { warnings });
    }
    case 'revert-items': {
      const merged = await deps.customers.get(merge.mergedId);
      if (!merged || merged.deletedAt !== undefined) throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${merge.mergedId} was not restored.`);
      const page = await deps.reverts.revertPage(merge, { id: merged.id, name: merged.name, ownerId: merged.ownerId });
      const fresh = (await deps.merges.get(merge.id)) ?? merge;
      return page.done ? deps.reverts.advanceRevert(fresh, 'revert-finish', at) : fresh;
    }
    case 'revert-finish': {
      const merged = await deps.customers.get(merge.mergedId);
      if (!merged) throw new DomainError(ErrorCode.CustomerNotFound, `Customer ${merge.mergedId} is gone.`);
      await deps.reverts.finishRevert(merge, merged);
      return (await deps.merges.get(merge.id)) ?? merge;
    }
    default:
      return merge;
  }
};
