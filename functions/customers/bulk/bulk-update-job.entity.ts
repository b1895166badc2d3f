import { defineEntity, fieldsOf } from '#shared/db/entity';
import type { PageKey } from '#functions/customers/customer/customer.ports';
import type { BulkUpdateJob } from './bulk-update-job.schema';

/** Keys of a bulk-update job (docs/data-model.md, "Bulk-update job"): one item per job, read by its id. */
export const bulkUpdateJobKeys = {
  item: (jobId: string) => ({ pk: `BULK_UPDATE#${jobId}`, sk: 'BULK_UPDATE' }),
} as const;

/** The job as stored: the API's view plus its checkpoint, the customer list's key after the last page it finished. */
export type StoredBulkUpdateJob = BulkUpdateJob & {
  /** Absent before the first page; the list's `lastKey` after each page (the next page starts after it). */
  readonly cursor?: PageKey | undefined;
};

/**
 * The bulk-update job (`pk = BULK_UPDATE#<id>`, `sk = BULK_UPDATE`), declared once: selection, changes, status,
 * progress, the first 100 issues, and the checkpoint. Bounded: ~100 issues of ~200 bytes, far below 400 KB.
 */
export const bulkUpdateJobEntity = defineEntity<StoredBulkUpdateJob>({
  name: 'CustomerBulkUpdate',
  fields: fieldsOf<StoredBulkUpdateJob>()(
    'id', 'filter', 'changes', 'status', 'progress', 'issues', 'failure', 'completedAt', 'version', 'createdAt', 'createdBy', 'updatedAt', 'cursor',
  ),
  keyOf: (job) => bulkUpdateJobKeys.item(job.id),
});

/** The job as the API shows it (no checkpoint). */
export const publicBulkUpdateJobOf = ({ cursor: _cursor, ...job }: StoredBulkUpdateJob): BulkUpdateJob => job;
