import type { StoredBulkUpdateJob } from '#functions/customers/bulk/bulk-update-job.entity';
import type { BulkJobAdvance, BulkJobRepository, BulkJobTrigger } from '#functions/customers/bulk/bulk.ports';
import { DomainError, ErrorCode } from '#shared/core/errors';

/** Bulk-update jobs in memory, with the DynamoDB repository's rules: the idempotency replay and version-held advances. */
export class InMemoryBulkJobs implements BulkJobRepository {
  readonly jobs = new Map<string, StoredBulkUpdateJob>();
  readonly keys = new Map<string, string>();

  async create(job: StoredBulkUpdateJob, idempotency?: { username: string; operationId: string; key: string }) {
    const key = idempotency && `${idempotency.username}#${idempotency.operationId}#${idempotency.key}`;
    const first = key ? this.keys.get(key) : undefined;
    if (first) return { kind: 'replayed' as const, job: structuredClone(this.jobs.get(first)!) };
    this.jobs.set(job.id, structuredClone(job));
    if (key) this.keys.set(key, job.id);
    return { kind: 'created' as const, job };
  }

  async get(jobId: string) {
    const job = this.jobs.get(jobId);
    return job && structuredClone(job);
  }

  async advance(job: StoredBulkUpdateJob, change: BulkJobAdvance, at: string) {
    const current = this.jobs.get(job.id);
    if (!current || current.version !== job.version) throw new DomainError(ErrorCode.VersionConflict, 'moved on');
    const { cursor, ...rest } = change;
    const next: StoredBulkUpdateJob = { ...current, ...rest, issues: [...rest.issues], updatedAt: at, version: current.version + 1 };
    if (cursor === null) delete (next as { cursor?: unknown }).cursor;
    else if (cursor !== undefined) (next as { cursor?: unknown }).cursor = cursor;
    this.jobs.set(job.id, structuredClone(next));
    return structuredClone(next);
  }
}

/** A trigger that only records what it was asked to continue (a test runs the steps itself). */
export const recordingBulkJobTrigger = (): BulkJobTrigger & { readonly continued: string[] } => {
  const continued: string[] = [];
  return { continued, continueJob: async (jobId) => void continued.push(jobId) };
};
