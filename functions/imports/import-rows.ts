import type { Caller } from '#shared/auth/caller';
import type { FieldError } from '#shared/core/errors';
import type { CustomFieldDefinition, CustomFieldEntityType } from '#shared/custom-fields/custom-field';
import type { DictionarySnapshot } from '#shared/dictionary/dictionary';
import type { ColumnSpec } from './import-columns';
import type { WrittenRecord } from './import.ports';
import type { ImportJob } from './import.ports';

/** What an entity's importer is told about the row's import. */
export interface RowContext {
  readonly caller: Caller;
  readonly job: Pick<ImportJob, 'id' | 'mode' | 'onDuplicate' | 'createdAt'>;
  readonly snapshot: DictionarySnapshot;
  /** The entity type's custom-field definitions as this job step read them (none when it has no custom fields). */
  readonly customFields: readonly CustomFieldDefinition[];
}

/** A data row of a chunk: its line (the header is line 1) and its cells as the entity's input. */
export interface ChunkRow {
  readonly line: number;
  readonly input: Record<string, unknown>;
}

/** What a chunk's writer is told besides: the chunk's key (its first line) and the import's TTL. */
export interface ChunkContext extends RowContext {
  readonly chunkKey: number;
  readonly ttl: number;
}

export type RowResult =
  | { readonly status: 'valid' }
  | { readonly status: 'created' | 'updated'; readonly record: WrittenRecord }
  | { readonly status: 'skipped'; readonly reason: string }
  | { readonly status: 'failed'; readonly errors: FieldError[] };

/**
 * One importable entity: its columns, and how a row's input is validated (validate mode) or written (commit mode)
 * with the same schema and the same use case as the API's create — so an import keeps every invariant of a create
 * (unique number, composition counts, audit entry, owner rules).
 */
export interface EntityImporter {
  readonly columns: readonly ColumnSpec[];
  readonly required: readonly string[];
  /** Whose custom fields are columns of its files too. */
  readonly customEntityType?: CustomFieldEntityType;
  importRow(input: Record<string, unknown>, line: number, context: RowContext): Promise<RowResult>;
  /**
   * Commit mode, when the entity has it (customers): a chunk of valid rows written together (import-customer-chunk.use-case.ts),
   * each row's outcome as importRow's would be. Without it the rows go through importRow, `concurrency` at a time.
   */
  importChunk?(rows: readonly ChunkRow[], context: ChunkContext): Promise<RowResult[]>;
  /** Undo what the import did to one record (revert); false when the record changed since (it is left alone). */
  revertCreated(record: WrittenRecord, caller: Caller): Promise<boolean>;
  revertUpdated(record: WrittenRecord, caller: Caller): Promise<boolean>;
}
