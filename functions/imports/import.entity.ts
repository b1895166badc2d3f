import { defineEntity, fieldsOf } from '#shared/db/entity';
import { importKeys } from './import.keys';
import type { ChunkMarker } from './customer-chunk';
import type { ImportJob, WrittenRecord } from './import.ports';
import type { ImportRowView } from './import.schema';

/** Stored as `records`: every item's `entity` attribute is its type marker (shared/db/entity.ts). */
type StoredImport = Omit<ImportJob, 'entity'> & { readonly records: ImportJob['entity'] };

const storedImport = defineEntity<StoredImport>({
  name: 'Import',
  fields: fieldsOf<StoredImport>()(
    'id', 'records', 'format', 'mode', 'onDuplicate', 'fileName', 'status', 'progress', 'problem', 'problemErrors', 'completedAt',
    'revertibleUntil', 'scope', 'checkpoint', 'revertCheckpoint', 'stepFailures', 'ttl', 'version', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ),
  keyOf: (job) => importKeys.item(job.id),
});

/** The import (`pk = IMPORT#<id>`, `sk = IMPORT`): settings, status, progress and the job's checkpoint. */
export const importEntity = {
  toItem: ({ entity, ...job }: ImportJob) => storedImport.toItem({ ...job, records: entity }),
  fromItem: (item: Record<string, unknown>): ImportJob => {
    const { records, ...job } = storedImport.fromItem(item);
    return { ...job, entity: records };
  },
};

type StoredRow = ImportRowView & { readonly importId: string; readonly ttl: number };

/** A row report (`sk = ROW#<status>#<line>`): a failed row's errors, or a record a revert could not undo. */
export const importRowEntity = defineEntity<StoredRow>({
  name: 'ImportRow',
  fields: fieldsOf<StoredRow>()('importId', 'line', 'status', 'recordId', 'errors', 'ttl'),
  keyOf: (row) => importKeys.row(row.importId, row.status, row.line),
});

interface StoredChunk {
  readonly importId: string;
  readonly firstLine: number;
  readonly created: readonly WrittenRecord[];
  readonly updated: readonly WrittenRecord[];
  readonly ttl: number;
}

/**
 * The records one chunk of rows created or updated (`sk = CHUNK#<first line>`), for the revert: at most
 * IMPORT_CHUNK_ROWS records of a few hundred bytes each, far below the 400 KB item limit.
 */
export const importChunkEntity = defineEntity<StoredChunk>({
  name: 'ImportChunk',
  fields: fieldsOf<StoredChunk>()('importId', 'firstLine', 'created', 'updated', 'ttl'),
  keyOf: (chunk) => importKeys.chunk(chunk.importId, chunk.firstLine),
});

type StoredMarker = ChunkMarker & { readonly importId: string; readonly chunkKey: number; readonly ttl: number };

/**
 * The write marker of one chunk of a chunked customer import (`sk = WRITE#<first line>`): Put `pending` (conditional
 * on its absence) before the chunk writes anything, then `completed` — with the records created and the chunk's
 * composition counts ADDed in the same transaction — so a re-run of the chunk resumes, and never counts twice.
 */
export const importWriteMarkerEntity = defineEntity<StoredMarker>({
  name: 'ImportWriteMarker',
  fields: fieldsOf<StoredMarker>()('importId', 'chunkKey', 'status', 'at', 'created', 'ttl'),
  keyOf: (marker) => importKeys.writeMarker(marker.importId, marker.chunkKey),
});
