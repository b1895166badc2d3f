import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ExportJob } from './export.ports';
import type { ExportFormat, ExportView } from './export.schema';

/** Every export is visible to whoever may export (`all`); an unknown one is 404. */
export const visibleExport = (_caller: Caller, job: ExportJob | undefined, exportId: string): ExportJob => {
  if (!job) throw new DomainError(ErrorCode.ExportNotFound, `Export ${exportId} not found.`);
  return job;
};

/** The export as the API shows it: without the job's file key, upload, cursor and TTL. */
export const exportView = ({ fileKey: _key, uploadId: _upload, parts: _parts, cursor: _cursor, ttl: _ttl, filters, ...view }: ExportJob): ExportView => ({
  ...view,
  filters: filters as Record<string, unknown>,
});

export const CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Export items leave the table after 30 days (TTL); the file itself after 7 (the bucket's `exports/` lifecycle rule). */
export const EXPORT_RETENTION_DAYS = 30;

/** `customers-20260302-0815.csv`: what was exported and when (UTC), safe in any file system. */
export const exportFileName = (entity: string, format: ExportFormat, at: Date): string => {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${entity}-${stamp}.${format}`;
};
