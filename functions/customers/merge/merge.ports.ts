import type { Actor, StoredCustomer } from '#functions/customers/customer/customer.ports';
import type { StoredMerge } from './merge.entity';
import type { MergePhase } from './merge.schema';

/** What the merge use cases need from storage (merge.repository.ts), free of AWS types. */

/** The survivor as a page of moves needs it (names and owner copied onto moved records). */
export interface SurvivorRef {
  readonly id: string;
  readonly name: string;
  readonly ownerId: string;
}

/** The phases that move items, page by page, in this order. */
export type MovePhase = 'records' | 'tasks' | 'attachments' | 'opportunities' | 'quotes' | 'portalUsers';

/** One page of moves: how many items it moved, and whether the phase has nothing left. */
export interface MovePage {
  readonly moved: number;
  readonly done: boolean;
}

export interface MergeRepository {
  /**
   * Starts a merge in ONE transaction: the merged customer is retired (archived, marked `mergedInto`, out of every
   * list, feed tombstone, duplicate keys freed), the survivor is checked (version, not archived), the merge record is
   * put, their duplicate pair (if any) closed, and the merge audited. Refusals: the survivor's → 404 / 412, the
   * merged customer's → 404 / 412 (named body.mergedId / body.mergedVersion by the use case).
   */
  start(merge: StoredMerge, merged: { readonly id: string; readonly version: number }, actor: Actor): Promise<void>;
  get(mergeId: string): Promise<StoredMerge | undefined>;
  /**
   * Moves up to one page of the merged customer's items (phase `records`: its item collection; `tasks`: its tasks;
   * `attachments`: the attachments under it, live and deleted; `opportunities` / `quotes` / `portalUsers`: its
   * opportunities / quotes / customer-portal users,
   * by-customer index).
   */
  movePage(merge: StoredMerge, phase: MovePhase, survivor: SurvivorRef): Promise<MovePage>;
  /**
   * The survivor's derived fields from the merged customer's (last order / contact, lifetime value, primary contact)
   * and the merge completed, in one write (a second runner or a re-run changes nothing).
   */
  finish(merge: StoredMerge, merged: StoredCustomer): Promise<void>;
  /** Moves the record to the next phase (conditional on the phase it was in: a second runner changes nothing). */
  advance(merge: StoredMerge, to: MergePhase, at: string, patch?: { warnings?: readonly string[]; status?: 'completed' | 'failed'; failure?: string; keptVersion?: number }): Promise<StoredMerge>;
}

/** The merged customer as a revert's moves need it (names and owner copied back onto the records). */
export type MergedRef = SurvivorRef;

/** One page of a revert: items moved back, items left with the survivor (reported), and whether the ledger is done. */
export interface RevertPage {
  readonly reverted: number;
  readonly refused: number;
  readonly done: boolean;
}

/** What the revert of a merge needs from storage (merge-revert.repository.ts). */
export interface MergeRevertRepository {
  /**
   * completed → reverting (phase `revert-customer`), held to the merge's version and status, audited (`unmerge`) in
   * the same transaction. Refusals: a merge no longer completed → 409, another version → 412.
   */
  startRevert(merge: StoredMerge, actor: Actor): Promise<StoredMerge>;
  /**
   * Walks one page of the ledger from the revert's checkpoint: each moved item goes back to the merged customer in
   * its own transaction, only while the survivor's copy is as the merge left it (version / updatedAt); the others
   * are marked refused and counted (the first 100 listed on the record). An entry handled before is skipped.
   */
  revertPage(merge: StoredMerge, merged: MergedRef): Promise<RevertPage>;
  /** The survivor's lifetime value lowered by the merged customer's, and the merge `reverted`, in one write. */
  finishRevert(merge: StoredMerge, merged: StoredCustomer): Promise<void>;
  /** Moves a reverting record to the next phase (conditional on the phase: a second runner changes nothing). */
  advanceRevert(merge: StoredMerge, to: MergePhase, at: string, patch?: { warnings?: readonly string[]; failure?: string; status?: 'failed' }): Promise<StoredMerge>;
}

/** A stalled merge handed back to its job (resume-customer-merge.use-case.ts; merge-resume.repository.ts). */
export interface MergeResumeRepository {
  /**
   * Marks the merge resumed (`resumedAt`, `resumedBy`, `updatedAt`, version +1), held to its version, to its status
   * (running or reverting) and to no progress since `stalledBefore`, audited (`resume`) in the same transaction.
   * Refusals: another version → 412; no longer running or reverting, or progress meanwhile → 409.
   */
  resume(merge: StoredMerge, actor: Actor, stalledBefore: string): Promise<StoredMerge>;
}

/** Continues a merge that did not finish in the request (merge-job.trigger.ts). */
export interface MergeJobTrigger {
  continueMerge(mergeId: string): Promise<void>;
}
