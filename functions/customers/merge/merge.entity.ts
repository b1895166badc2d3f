import { defineEntity, fieldsOf } from '#shared/db/entity';
import { mergeKeys } from './merge.keys';
import { MOVED_KINDS, type CustomerMerge, type RevertRefusal } from './merge.schema';

/**
 * The merge record (`pk = MERGE#<id>`, `sk = MERGE`), declared once: the job's status, phase, checkpoint and
 * progress, and what revert needs (the survivor's kept fields as they were). docs/data-model.md, "Customer merge".
 */
export type StoredMerge = Omit<CustomerMerge, 'revertRefusals' | 'stalled'> & {
  /** The revert's refusals listed (at most 100), by a key made of the ledger entry's: shown as a list. */
  readonly revertRefusals?: Readonly<Record<string, RevertRefusal>> | undefined;
  /** The sort key of the last merged-customer item a page handled: the next page starts after it. */
  readonly cursor?: string | undefined;
  /** The survivor's version the caller sent (If-Match): the kept fields apply only to it. */
  readonly survivorVersion: number;
  /** The survivor's kept fields before the merge (revert restores them). */
  readonly survivorBefore: Readonly<Record<string, unknown>>;
  /** The survivor's version after the keep phase applied the kept fields (absent: nothing applied) — a revert gives
   * `survivorBefore` back only while the survivor is still at it. */
  readonly keptVersion?: number | undefined;
  /** The revert's checkpoint: the sort key of the last ledger entry a page handled. */
  readonly revertCursor?: string | undefined;
};

export const MERGE_FIELDS = fieldsOf<StoredMerge>()(
  'id', 'survivorId', 'mergedId', 'keep', 'status', 'phase', 'moved', 'warnings', 'failure', 'revertibleUntil', 'completedAt',
  'revertedAt', 'revertedBy', 'version', 'createdAt', 'createdBy', 'updatedAt', 'cursor', 'survivorVersion', 'survivorBefore',
  'reverted', 'revertRefused', 'revertRefusals', 'keptVersion', 'revertCursor', 'resumedAt', 'resumedBy',
);

export const mergeEntity = defineEntity<StoredMerge>({
  name: 'CustomerMerge',
  fields: MERGE_FIELDS,
  keyOf: (merge) => mergeKeys.item(merge.id),
});

/**
 * The record as the API shows it (no checkpoints, no snapshot); every kind counted, 0 when a record written before
 * the kind existed (opportunities) lacks it.
 */
export const publicMergeOf = ({ cursor: _cursor, survivorVersion: _version, survivorBefore: _before, keptVersion: _kept, revertCursor: _revert, revertRefusals, ...merge }: StoredMerge): CustomerMerge => ({
  ...merge,
  moved: Object.fromEntries(MOVED_KINDS.map((kind) => [kind, merge.moved[kind] ?? 0])),
  ...(revertRefusals ? { revertRefusals: Object.keys(revertRefusals).sort().map((key) => revertRefusals[key]!) } : {}),
});

/** The key a refusal is listed under on the record (a map: one path segment, so no dot). */
export const refusalKeyOf = (ledgerSk: string): string => ledgerSk.replaceAll('.', '_');
