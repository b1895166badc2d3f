import { DomainError, ErrorCode } from '#shared/core/errors';
import type { ChunkOutcome, ImportJob, ImportRepository, WrittenRecord } from '#functions/imports/import.ports';
import type { ImportRowView } from '#functions/imports/import.schema';

/** The import items in memory, with the repository's version condition on `advance`. */
export class InMemoryImportRepository implements ImportRepository {
  readonly items = new Map<string, ImportJob>();
  readonly rows = new Map<string, ImportRowView[]>();
  readonly chunks = new Map<string, { key: string; created: WrittenRecord[]; updated: WrittenRecord[] }[]>();

  async create(job: ImportJob) {
    this.items.set(job.id, job);
    return { kind: 'created' as const, job };
  }

  async get(importId: string) {
    return this.items.get(importId);
  }

  async advance(job: ImportJob, changes: Parameters<ImportRepository['advance']>[1], at: string): Promise<ImportJob> {
    const stored = this.items.get(job.id);
    if (!stored || stored.version !== job.version) throw new DomainError(ErrorCode.VersionConflict, `Import ${job.id} changed meanwhile.`);
    const next = { ...stored, ...changes, updatedAt: at, version: stored.version + 1 } as ImportJob;
    this.items.set(job.id, next);
    return next;
  }

  async saveChunk(importId: string, outcome: ChunkOutcome) {
    await this.saveRows(importId, outcome.rows);
    if (outcome.created.length + outcome.updated.length === 0) return;
    const key = `CHUNK#${String(outcome.firstLine).padStart(10, '0')}`;
    const kept = (this.chunks.get(importId) ?? []).filter((chunk) => chunk.key !== key);
    this.chunks.set(importId, [...kept, { key, created: [...outcome.created], updated: [...outcome.updated] }].sort((a, b) => (a.key < b.key ? -1 : 1)));
  }

  async saveRows(importId: string, rows: readonly ImportRowView[]) {
    const kept = (this.rows.get(importId) ?? []).filter((row) => !rows.some((next) => next.line === row.line && next.status === row.status));
    this.rows.set(importId, [...kept, ...rows]);
  }

  async listRows(importId: string, status: ImportRowView['status']) {
    return { items: (this.rows.get(importId) ?? []).filter((row) => row.status === status).sort((a, b) => a.line - b.line) };
  }

  async listChunks(importId: string, afterKey: string | undefined, limit: number) {
    return (this.chunks.get(importId) ?? []).filter((chunk) => afterKey === undefined || chunk.key > afterKey).slice(0, limit);
  }
}
