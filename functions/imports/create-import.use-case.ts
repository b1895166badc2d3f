import { changesBetween } from '#shared/audit/audit';
import type { Caller } from '#shared/auth/caller';
import { scopeOf, type Capability } from '#shared/auth/permissions';
import type { Role } from '#shared/auth/roles';
import { DomainError, ErrorCode } from '#shared/core/errors';
import { fileKeys } from '#shared/files/file-keys';
import type { PresignedUpload } from '#shared/files/file-store';
import { claimOf, type IdempotencyRequest } from '#shared/idempotency/idempotency';
import type { ImportJob } from './import.ports';
import type { CreateImportInput, ImportJobView } from './import.schema';
import { CONTENT_TYPES, EMPTY_PROGRESS, IMPORT_RETENTION_DAYS, importView } from './import.rules';
import type { ImportApiDependencies } from './imports.dependencies';

/** What importing an entity writes, as its API's create would: the caller's role must have it too. */
const WRITES: Record<CreateImportInput['entity'], Capability> = {
  customers: 'customers:write',
  contacts: 'contacts:write',
  products: 'products:write',
};

/**
 * Start an import.
 *
 * Primary course: the import is recorded (status awaiting-upload, owned by the caller, with the caller's scope: an
 * account manager's import creates customers they own) and a presigned PUT for its file is handed out (15 minutes,
 * Content-Type signed). The upload's object-created event starts the job (run-import-job.use-case.ts).
 *
 * Alternates: the same Idempotency-Key and body → the same import, with a fresh upload URL; with another body → 422.
 * An entity the caller's role may not create (products: administrators only) → Forbidden (403), nothing written.
 */
export const createImport = async (
  deps: Pick<ImportApiDependencies, 'imports' | 'files' | 'clock' | 'ids'>,
  request: { caller: Caller; role: Role; input: CreateImportInput; idempotency?: IdempotencyRequest },
): Promise<{ kind: 'created' | 'replayed'; import: ImportJobView; upload: PresignedUpload }> => {
  const { caller, input } = request;
  const needed = WRITES[input.entity];
  if (scopeOf(needed, request.role) === 'none') {
    throw new DomainError(ErrorCode.Forbidden, `Your role (${request.role}) lacks the capability ${needed}: it cannot import ${input.entity}.`);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  const job: ImportJob = {
    id: deps.ids.next(),
    entity: input.entity,
    format: input.format,
    mode: input.mode,
    onDuplicate: input.onDuplicate,
    ...(input.fileName ? { fileName: input.fileName } : {}),
    status: 'awaiting-upload',
    progress: { ...EMPTY_PROGRESS },
    scope: caller.scope,
    checkpoint: 0,
    ttl: Math.floor(now.getTime() / 1000) + IMPORT_RETENTION_DAYS * 86_400,
    version: 1,
    createdAt: at,
    createdBy: caller.username,
    updatedAt: at,
    updatedBy: caller.username,
  };
  const outcome = await deps.imports.create(job, claimOf(request.idempotency, now), {
    at,
    actor: caller.username,
    action: 'create',
    entityType: 'import',
    entityId: job.id,
    entityVersion: job.version,
    changes: changesBetween(undefined, { entity: job.entity, format: job.format, mode: job.mode, onDuplicate: job.onDuplicate, fileName: job.fileName }),
  });
  const upload = await deps.files.presignUpload(fileKeys.importFile(outcome.job.id), CONTENT_TYPES[outcome.job.format], now);
  return { kind: outcome.kind, import: importView(outcome.job), upload };
};
