import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode } from '#shared/core/errors';
import type { UploadedPart } from '#shared/files/file-store';
import { exportColumns, CUSTOM_FIELD_TYPE_OF } from './export-columns';
import { csvFileWriter, xlsxFileWriter, type ExportFileWriter } from './export-file.writer';
import type { ExportJob, StepResult } from './export.ports';
import { CONTENT_TYPES } from './export.rules';
import type { ExportDependencies } from './exports.dependencies';

/** Exports run with the scope of every role that may export (`all`): they see every record the lists show them. */
const callerOf = (job: ExportJob): Caller => ({ username: job.createdBy, scope: 'all' });

const SHEET_NAMES = { customers: 'Customers', contacts: 'Contacts', activities: 'Activities', orders: 'Orders' } as const;

const failJob = async (deps: ExportDependencies, job: ExportJob, problem: string): Promise<StepResult> => {
  if (job.uploadId) await deps.files.abortMultipart(job.fileKey, job.uploadId).catch(() => undefined);
  const at = deps.clock.now().toISOString();
  await deps.exports.advance(job, { status: 'failed', problem, completedAt: at, uploadId: null, parts: null, cursor: null }, at);
  return 'done';
};

/** Why the export is refused while it runs: the user's row quota was crossed. */
const QUOTA_SPENT = 'The export quota is spent (rows exported in the rolling window): the export stopped and no file was kept. Try again later.';

/**
 * Run the next step of an export's job (started by `POST /v1/exports`, continued by itself).
 *
 * Primary course:
 * 1. queued → running: a multipart upload of the file is opened (`exports/<id>.<format>`).
 * 2. The entity's source reads the records page by page with the list route's Query and filters; the writer turns
 *    each page into rows (typed cells, formulas neutralised) and buffers them; every ≥ 5 MiB a part is uploaded.
 *    CSV: a part is cut only where the source says a page ends (a boundary), and right after it the export item
 *    records the part, the source's cursor and the row count in ONE conditional update — the checkpoint. A step
 *    that has run `stepMillis` hands over to a new invocation at that point, which resumes from the cursor.
 * 3. The last part, CompleteMultipartUpload, status completed with the row count.
 * Every part's rows are counted by the user's export quota first; crossing it fails the export (upload aborted).
 *
 * Alternates: .xlsx cannot be resumed (its zip stream lives in one process): an xlsx export runs in ONE invocation
 * (1,000,000 rows ≈ minutes, inside the function's 15-minute timeout), and a re-run after a failure starts it again
 * on a fresh upload. A re-run of a CSV step resumes from the last checkpoint: the parts after it are uploaded
 * again under the same numbers (S3 keeps the last upload of a part number). More than `maxRows` rows → failed.
 * An unknown export, or one already finished, or another invocation moving it meanwhile (VersionConflict) → ignored.
 */
export const runExportStep = async (deps: ExportDependencies, exportId: string): Promise<StepResult> => {
  const found = await deps.exports.get(exportId);
  if (!found || found.status === 'completed' || found.status === 'failed') return 'ignored';
  try {
    return await exportStep(deps, found);
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.VersionConflict) return 'ignored';
    if (error instanceof DomainError && error.code === ErrorCode.CustomerNotFound) return failJob(deps, (await deps.exports.get(exportId)) ?? found, error.message);
    if (error instanceof DomainError && error.code === ErrorCode.ValidationFailed) {
      const detail = error.details.errors?.map((item) => `${item.path}: ${item.message}`).join('; ');
      return failJob(deps, (await deps.exports.get(exportId)) ?? found, `${error.message}${detail ? ` (${detail})` : ''}`);
    }
    throw error;
  }
};

const exportStep = async (deps: ExportDependencies, found: ExportJob): Promise<StepResult> => {
  const startedAt = Date.now();
  const now = () => deps.clock.now().toISOString();
  const resumable = found.format === 'csv' && found.status === 'running' && found.uploadId !== undefined;
  let job = found;
  if (!resumable) {
    // A fresh start, or an xlsx re-run: a new upload, from the first row.
    if (job.uploadId) await deps.files.abortMultipart(job.fileKey, job.uploadId).catch(() => undefined);
    const uploadId = await deps.files.startMultipart(job.fileKey, CONTENT_TYPES[job.format]);
    job = await deps.exports.advance(job, { status: 'running', uploadId, parts: [], cursor: null, rows: 0 }, now());
  }
  const uploadId = job.uploadId!;
  const customType = CUSTOM_FIELD_TYPE_OF[job.entity];
  const columns = exportColumns(job.entity, await deps.dictionary(), customType ? await deps.customFields(job.entity) : []);
  const writer: ExportFileWriter = job.format === 'csv' ? csvFileWriter(columns) : await xlsxFileWriter(columns, SHEET_NAMES[job.entity]);
  let parts: UploadedPart[] = [...(job.parts ?? [])];
  let rows = job.progress.rows;
  let counted = rows;
  // The cost bound of one export: rows written plus the records read only to find them (the customers walked).
  let read = rows;
  await writer.start(parts.length === 0);

  /** Counts the rows not yet counted, then uploads the buffer as the next part. `false`: the quota refused them. */
  const uploadPart = async (): Promise<boolean> => {
    if (!(await deps.quota.countRows(job.createdBy, rows - counted))) return false;
    counted = rows;
    // The last part may be small but not missing; an empty buffer after a cut part adds nothing.
    if (writer.buffered() === 0 && parts.length > 0) return true;
    const partNumber = parts.length + 1;
    parts = [...parts, { partNumber, etag: await deps.files.uploadPart(job.fileKey, uploadId, partNumber, writer.take()) }];
    return true;
  };

  for await (const batch of deps.sources[job.entity].batches({ caller: callerOf(job), filters: job.filters, ...(job.cursor ? { cursor: job.cursor } : {}) })) {
    rows += batch.records.length;
    read += batch.records.length + (batch.walked ?? 0);
    if (read > deps.limits.maxRows) return failJob(deps, job, `More than ${deps.limits.maxRows} rows: narrow the filters.`);
    await writer.write(batch.records);
    if (job.format === 'xlsx') {
      if (writer.buffered() >= deps.limits.partBytes && !(await uploadPart())) return failJob(deps, job, QUOTA_SPENT);
      continue;
    }
    if (batch.cursor === undefined || writer.buffered() < deps.limits.partBytes) continue;
    if (!(await uploadPart())) return failJob(deps, job, QUOTA_SPENT);
    job = await deps.exports.advance(job, { parts, cursor: batch.cursor, rows }, now());
    if (Date.now() - startedAt > deps.limits.stepMillis) {
      await deps.trigger.continueJob(job.id);
      return 'continued';
    }
  }
  await writer.finish();
  if (!(await uploadPart())) return failJob(deps, job, QUOTA_SPENT);
  await deps.files.completeMultipart(job.fileKey, uploadId, parts);
  const at = now();
  await deps.exports.advance(job, { status: 'completed', rows, parts: null, cursor: null, uploadId: null, completedAt: at }, at);
  return 'done';
};
