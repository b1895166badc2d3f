import { changesBetween } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import { fileKeys } from '#shared/files/file-keys';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { ExportJob } from './export.ports';
import type { CreateExportInput, ExportView } from './export.schema';
import { EXPORT_RETENTION_DAYS, exportFileName, exportView } from './export.rules';
import type { ExportApiDependencies } from './exports.dependencies';

/**
 * Start an export.
 *
 * Primary course: the caller's export quota counts one more export (shared/read-guard/export-quota.ts); the export is
 * recorded (status queued, with its filters as validated) together with its audit entry, in one transaction; the
 * job is started asynchronously (run-export-job.use-case.ts) and the export is answered at once (202) — the client
 * follows it with `GET /v1/exports/{id}`.
 *
 * Alternates: the quota is spent → ExportQuotaExceeded (429, Retry-After), nothing recorded. The same
 * Idempotency-Key and body → the same export (not counted again by the job, which runs once per export); another body → 422.
 */
export const createExport = async (
  deps: Pick<ExportApiDependencies, 'exports' | 'clock' | 'ids' | 'trigger' | 'quota'>,
  request: { caller: Caller; input: CreateExportInput; idempotency?: IdempotencyRequest },
): Promise<{ kind: 'created' | 'replayed'; export: ExportView }> => {
  const { caller, input } = request;
  await deps.quota.claimExport(caller.username);
  const now = deps.clock.now();
  const at = now.toISOString();
  const id = deps.ids.next();
  const job: ExportJob = {
    id,
    entity: input.entity,
    format: input.format,
    filters: input.filters,
    status: 'queued',
    progress: { rows: 0 },
    fileName: exportFileName(input.entity, input.format, now),
    fileKey: fileKeys.exportFile(id, input.format),
    ttl: Math.floor(now.getTime() / 1000) + EXPORT_RETENTION_DAYS * 86_400,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const outcome = await deps.exports.create(job, claimOf(request.idempotency, now), {
    at,
    actor: caller.username,
    action: 'create',
    entityType: 'export',
    entityId: id,
    entityVersion: job.version,
    changes: changesBetween(undefined, { entity: job.entity, format: job.format, filters: job.filters }),
  });
  // A replay of a start whose job never began (the invoke failed) starts it: a second start of a running job is a no-op.
  if (outcome.job.status === 'queued') await deps.trigger.continueJob(outcome.job.id);
  return { kind: outcome.kind, export: exportView(outcome.job) };
};
