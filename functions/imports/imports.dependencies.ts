import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomFieldSource } from '#shared/custom-fields/custom-field';
import type { DictionarySnapshot } from '#shared/dictionary/dictionary';
import type { FileStore } from '#shared/files/file-store';
import type { EntityImporter } from './import-rows';
import type { ImportJobTrigger, ImportRepository } from './import.ports';
import type { IMPORT_ENTITIES } from './import.schema';

/** The bounds of one import and of one step of its job (imports.container.ts sets them; tests shrink them). */
export interface ImportLimits {
  /** The largest file accepted (bytes). */
  readonly maxBytes: number;
  readonly maxRows: number;
  readonly maxCellLength: number;
  readonly maxColumns: number;
  /** Rows one step of the job writes at most before it checkpoints and hands over to the next invocation. */
  readonly chunkRows: number;
  /**
   * The same in validate mode, where nothing is written: larger, because every step parses the file from its start
   * to its checkpoint (a stream cannot seek), so small steps over a big file would parse it over and over.
   */
  readonly validateChunkRows: number;
  /**
   * Commit mode, for an entity that writes chunks (customers): rows written together under one write marker. A
   * step's `chunkRows` is a multiple of it, and a step stops only between chunks, so a re-run of a step meets the
   * same chunks (the markers' keys are their first lines).
   */
  readonly writeChunkRows: number;
  /** Rows written at the same time within a chunk (entities without chunked writes). */
  readonly concurrency: number;
  /** A step stops taking rows after this long (ms), well inside the function's timeout. */
  readonly stepMillis: number;
  /** Chunks of written records a revert step undoes. */
  readonly revertChunks: number;
}

/** What the API side (start, read, revert an import) needs. */
export interface ImportApiDependencies {
  readonly imports: ImportRepository;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly trigger: ImportJobTrigger;
}

/** What the job needs besides: the entities' importers, the dictionary, the limits. */
export interface ImportDependencies extends ImportApiDependencies {
  readonly importers: Readonly<Record<(typeof IMPORT_ENTITIES)[number], EntityImporter>>;
  readonly dictionary: () => Promise<DictionarySnapshot>;
  /** The current custom-field definitions (read at every step, as every write reads them). */
  readonly customFields: CustomFieldSource;
  readonly limits: ImportLimits;
}
