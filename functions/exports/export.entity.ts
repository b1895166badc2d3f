import { defineEntity, fieldsOf } from '#shared/db/entity';
import { exportKeys } from './export.keys';
import type { ExportJob } from './export.ports';

/** Stored as `records`: every item's `entity` attribute is its type marker (shared/db/entity.ts). */
type StoredExport = Omit<ExportJob, 'entity'> & { readonly records: ExportJob['entity'] };

const storedExport = defineEntity<StoredExport>({
  name: 'Export',
  fields: fieldsOf<StoredExport>()(
    'id', 'records', 'format', 'filters', 'status', 'progress', 'fileName', 'problem', 'completedAt', 'fileKey', 'uploadId', 'parts',
    'cursor', 'ttl', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (job) => exportKeys.item(job.id),
});

/**
 * The export (`pk = EXPORT#<id>`, `sk = EXPORT`): settings, status, rows written and the job's checkpoint (the
 * multipart upload's id and parts, the source cursor). Parts: one per ≥ 5 MiB of file, ~70 bytes each — a
 * 1,000,000-row export has a few hundred, far below the 400 KB item limit.
 */
export const exportEntity = {
  toItem: ({ entity, ...job }: ExportJob) => storedExport.toItem({ ...job, records: entity }),
  fromItem: (item: Record<string, unknown>): ExportJob => {
    const { records, ...job } = storedExport.fromItem(item);
    return { ...job, entity: records };
  },
};
