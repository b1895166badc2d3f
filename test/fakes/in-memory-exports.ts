import type { AuditEvent } from '#shared/audit/audit';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ExportQuotaGuard } from '#shared/read-guard/export-quota';
import type { ExportBatch, ExportJob, ExportProgressChange, ExportRecord, ExportRepository, ExportSource } from '#functions/exports/export.ports';

/** The export items in memory, with the repository's version condition. */
export class InMemoryExportRepository implements ExportRepository {
  readonly items = new Map<string, ExportJob>();
  readonly audit: AuditEvent[] = [];

  async create(job: ExportJob, _idempotency?: unknown, audit?: AuditEvent) {
    this.items.set(job.id, job);
    if (audit) this.audit.push(audit);
    return { kind: 'created' as const, job };
  }

  async get(exportId: string) {
    return this.items.get(exportId);
  }

  async advance(job: ExportJob, change: ExportProgressChange, at: string): Promise<ExportJob> {
    const stored = this.items.get(job.id);
    if (!stored || stored.version !== job.version) throw new DomainError(ErrorCode.VersionConflict, 'changed meanwhile');
    const { rows, ...fields } = change;
    const next: Record<string, unknown> = { ...stored, updatedAt: at, version: stored.version + 1, ...(rows === undefined ? {} : { progress: { rows } }) };
    for (const [field, value] of Object.entries(fields)) {
      if (value === null) delete next[field];
      else if (value !== undefined) next[field] = value;
    }
    this.items.set(job.id, next as ExportJob);
    return next as ExportJob;
  }
}

/** A source over records in memory: pages of `pageSize`, each a boundary whose cursor is the next index. */
export const arraySource = (records: readonly Record<string, unknown>[], pageSize: number): ExportSource & { reads: number } => {
  const source = {
    reads: 0,
    batches: async function* ({ cursor }: { cursor?: string }): AsyncGenerator<ExportBatch> {
      for (let start = cursor ? Number(cursor) : 0; start < records.length; start += pageSize) {
        source.reads += 1;
        const end = start + pageSize;
        yield { records: records.slice(start, end).map((record): ExportRecord => ({ record })), ...(end < records.length ? { cursor: String(end) } : {}) };
      }
    },
  };
  return source;
};

/** A quota that allows `rows` rows in all and records what was counted. */
export const countingQuota = (rows = Number.POSITIVE_INFINITY): ExportQuotaGuard & { counted: number; claims: number } => {
  const quota = {
    counted: 0,
    claims: 0,
    claimExport: async () => {
      quota.claims += 1;
    },
    countRows: async (_username: string, count: number) => {
      quota.counted += count;
      return quota.counted <= rows;
    },
  };
  return quota;
};
