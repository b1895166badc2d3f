import type { Clock, IdGenerator } from '#shared/core/clock';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import type { DictionarySnapshot } from '#shared/dictionary/dictionary';
import type { FileStore } from '#shared/files/file-store';
import type { ExportQuotaGuard } from '#shared/read-guard/export-quota';
import type { ExportJobTrigger, ExportRepository, ExportSource } from './export.ports';
import type { ExportEntity } from './export.schema';

/** The bounds of one export and of one step of its job (export-job.container.ts sets them; tests shrink them). */
export interface ExportLimits {
  /** The most rows one export writes, the customers it walks to find contacts or activities included (an .xlsx sheet holds 1,048,576). */
  readonly maxRows: number;
  /** Bytes buffered before a part is uploaded: S3's minimum part, 5 MiB (tests: the same, small files have one part). */
  readonly partBytes: number;
  /** A CSV step hands over to the next invocation at the first checkpoint after this long (ms). */
  readonly stepMillis: number;
}

/** What the API side (start, read an export) needs. */
export interface ExportApiDependencies {
  readonly exports: ExportRepository;
  readonly files: FileStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly trigger: ExportJobTrigger;
  readonly quota: ExportQuotaGuard;
}

/** What the job needs besides: the records, the dictionary (codes → labels), the custom-field definitions, the limits. */
export interface ExportDependencies extends ExportApiDependencies {
  readonly sources: Readonly<Record<ExportEntity, ExportSource>>;
  readonly dictionary: () => Promise<DictionarySnapshot>;
  readonly customFields: (entity: ExportEntity) => Promise<readonly CustomFieldDefinition[]>;
  readonly limits: ExportLimits;
}
