import { defineEntity, fieldsOf } from '#shared/db/entity';
import { mergeKeys } from './merge.keys';
import type { CustomerMerge } from './merge.schema';

/**
 * The merge record (`pk = MERGE#<id>`, `sk = MERGE`), declared once: the job's status, phase, checkpoint and
 * progress, and what revert needs (the survivor's kept fields as they were). docs/data-model.md, "Customer merge".
 */
export type StoredMerge = CustomerMerge & {
  /** The sort key of the last merged-customer item a page handled: the next page starts after it. */
  readonly cursor?: string | undefined;
  /** The survivor's version the caller sent (If-Match): the kept fields apply only to it. */
  readonly survivorVersion: number;
  /** The survivor's kept fields before the merge (revert restores them). */
  readonly survivorBefore: Readonly<Record<string, unknown>>;
};

export const MERGE_FIELDS = fieldsOf<StoredMerge>()(
  'id', 'survivorId', 'mergedId', 'keep', 'status', 'phase', 'moved', 'warnings', 'failure', 'revertibleUntil', 'completedAt',
  'revertedAt', 'revertedBy', 'version', 'createdAt', 'createdBy', 'updatedAt', 'cursor', 'survivorVersion', 'survivorBefore',
);

export const mergeEntity = defineEntity<StoredMerge>({
  name: 'CustomerMerge',
  fields: MERGE_FIELDS,
  keyOf: (merge) => mergeKeys.item(merge.id),
});

/** The record as the API shows it (no checkpoint, no snapshot). */
export const publicMergeOf = ({ cursor: _cursor, survivorVersion: _version, survivorBefore: _before, ...merge }: StoredMerge): CustomerMerge => merge;
