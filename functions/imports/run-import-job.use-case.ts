import type { Caller } from '#shared/auth/caller';
import { DomainError, ErrorCode, type FieldError } from '#shared/core/errors';
import { fileKeys } from '#shared/files/file-keys';
import { ImportFileError, readRecords, type RawRecord } from './import-file.parser';
import type { CustomFieldDefinition } from '#shared/custom-fields/custom-field';
import { customColumns, mapHeader, rowInput, type HeaderMapping } from './import-columns';
import type { EntityImporter, RowResult } from './import-rows';
import type { ImportJob, StepResult, WrittenRecord } from './import.ports';
import type { ImportProgress, ImportRowView } from './import.schema';
import { CONTENT_TYPES, failuresCleared, MAX_STEP_ATTEMPTS, REVERT_WINDOW_DAYS } from './import.rules';
import type { ImportDependencies } from './imports.dependencies';
import { revertStep } from './revert-import.step';

const callerOf = (job: ImportJob): Caller => ({ username: job.createdBy, scope: job.scope });

const failJob = async (deps: ImportDependencies, job: ImportJob, problem: string, problemErrors?: FieldError[]): Promise<StepResult> => {
  await deps.imports.advance(job, { status: 'failed', problem, ...(problemErrors ? { problemErrors } : {}), completedAt: deps.clock.now().toISOString() }, deps.clock.now().toISOString());
  return 'done';
};

const revertibleFrom = (now: Date): string => new Date(now.getTime() + REVERT_WINDOW_DAYS * 86_400_000).toISOString();

/**
 * A step threw (DynamoDB unavailable, a bug, a row no rule explains): the failure is counted on the import. Below
 * MAX_STEP_ATTEMPTS the error goes on, so Lambda retries the step, which resumes from the checkpoint. At the last
 * attempt the import fails with the reason instead of staying `importing` for ever: what it wrote before stays (and
 * a commit import stays revertible); importing the file again skips the rows already imported (their idempotency
 * claims) and writes the rest.
 */
const stepFailed = async (deps: ImportDependencies, importId: string, error: unknown): Promise<StepResult> => {
  const job = await deps.imports.get(importId);
  const working = job && ['awaiting-upload', 'uploaded', 'validating', 'importing', 'reverting'].includes(job.status);
  if (!working) throw error;
  const failures = (job.stepFailures ?? 0) + 1;
  const now = deps.clock.now();
  if (failures < MAX_STEP_ATTEMPTS) {
    await deps.imports.advance(job, { stepFailures: failures }, now.toISOString());
    throw error;
  }
  const reason = (error as Error | undefined)?.name ?? 'Error';
  const what = job.status === 'reverting' ? 'The revert' : 'The import';
  const wrote = job.mode === 'commit' && job.status !== 'reverting' && job.progress.created + job.progress.updated > 0;
  await deps.imports.advance(
    job,
    {
      status: 'failed',
      stepFailures: failures,
      problem: `${what} stopped: its step failed ${failures} times in a row (${reason}) after ${job.checkpoint} rows.${wrote ? ' The records written before stay and can be reverted; importing the file again skips the rows already imported.' : ''}`,
      completedAt: now.toISOString(),
      ...(wrote && !job.revertibleUntil ? { revertibleUntil: revertibleFrom(now) } : {}),
    },
    now.toISOString(),
  );
  return 'done';
};

const customFieldsOf = (deps: ImportDependencies, importer: EntityImporter): Promise<CustomFieldDefinition[]> =>
  importer.customEntityType ? deps.customFields.definitionsOf(importer.customEntityType) : Promise.resolve([]);

const headerOf = (cells: readonly string[], importer: EntityImporter, customFields: readonly CustomFieldDefinition[]) =>
  mapHeader(cells, [...importer.columns, ...customColumns(customFields)], importer.required);

const records = async (deps: ImportDependencies, job: ImportJob): Promise<AsyncGenerator<RawRecord>> =>
  readRecords(job.format, await deps.files.read(fileKeys.importFile(job.id)), deps.limits);

/**
 * The first step after the upload: the file's type and size (the presigned PUT cannot cap them everywhere, S3
 * reports them), then ONE read of the whole file that only parses — the header mapped, the rows counted, a
 * malformed CSV or an .xlsx that is not one found — before any row is written. A file refused here writes nothing.
 */
const checkFile = async (deps: ImportDependencies, job: ImportJob, importer: EntityImporter): Promise<{ job: ImportJob } | { refused: StepResult }> => {
  const stored = await deps.files.head(fileKeys.importFile(job.id));
  if (!stored) return { refused: 'ignored' };
  const now = deps.clock.now().toISOString();
  const uploaded = await deps.imports.advance(job, { status: 'uploaded' }, now);
  if (stored.size > deps.limits.maxBytes) return { refused: await failJob(deps, uploaded, `The file is larger than ${deps.limits.maxBytes / 1024 / 1024} MB; split it.`) };
  if (stored.size === 0) return { refused: await failJob(deps, uploaded, 'The file is empty.') };
  if (stored.contentType && stored.contentType.split(';')[0]!.trim() !== CONTENT_TYPES[job.format]) {
    return { refused: await failJob(deps, uploaded, `The file was uploaded as ${stored.contentType.slice(0, 80)}, not ${CONTENT_TYPES[job.format]}.`) };
  }
  let total = -1;
  const customFields = await customFieldsOf(deps, importer);
  try {
    for await (const record of await records(deps, uploaded)) {
      if (total === -1) {
        const header = headerOf(record.cells, importer, customFields);
        if (!header.mapping) return { refused: await failJob(deps, uploaded, 'The header row names columns this import does not know, or lacks a required one.', header.errors) };
      }
      total += 1;
    }
  } catch (error) {
    if (error instanceof ImportFileError) return { refused: await failJob(deps, uploaded, error.message) };
    throw error;
  }
  if (total < 0) return { refused: await failJob(deps, uploaded, 'The file has no header row.') };
  return { job: await deps.imports.advance(uploaded, { status: 'validating', progress: { ...uploaded.progress, total } as ImportProgress }, deps.clock.now().toISOString()) };
};

const tally = (progress: ImportProgress, result: RowResult): ImportProgress => {
  const next = { ...progress, read: progress.read + 1 };
  switch (result.status) {
    case 'valid':
      return { ...next, valid: next.valid + 1 };
    case 'created':
      return { ...next, valid: next.valid + 1, created: next.created + 1 };
    case 'updated':
      return { ...next, valid: next.valid + 1, updated: next.updated + 1 };
    case 'skipped':
      return { ...next, valid: next.valid + 1, skipped: next.skipped + 1 };
    case 'failed':
      return { ...next, failed: next.failed + 1 };
  }
};

/**
 * One step of the job: from the checkpoint, up to `chunkRows` rows (or `stepMillis`), written `concurrency` at a
 * time; their outcomes (failed rows, records written) are saved, then the checkpoint and the counts move on in one
 * conditional update. A step that dies before that update is done again by the next invocation: the rows it wrote
 * replay through their idempotency claims (nothing doubles) and its reports are overwritten with the same content.
 */
const importStep = async (deps: ImportDependencies, job: ImportJob, importer: EntityImporter): Promise<StepResult> => {
  const startedAt = Date.now();
  const snapshot = await deps.dictionary();
  const customFields = await customFieldsOf(deps, importer);
  const caller = callerOf(job);
  let mapping: HeaderMapping | undefined;
  let index = 0;
  let progress = job.progress;
  const rows: ImportRowView[] = [];
  const created: WrittenRecord[] = [];
  const updated: WrittenRecord[] = [];
  let firstLine = 0;
  let batch: RawRecord[] = [];
  let taken = 0;
  let more = false;
  const chunkRows = job.mode === 'validate' ? deps.limits.validateChunkRows : deps.limits.chunkRows;

  const chunked = job.mode === 'commit' && importer.importChunk !== undefined;
  const batchSize = chunked ? deps.limits.writeChunkRows : deps.limits.concurrency;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const context = { caller, job, snapshot, customFields };
    const inputs = batch.map((record) => ({ record, ...rowInput(record.cells, mapping!, snapshot) }));
    const valid = inputs.filter(({ errors }) => errors.length === 0).map(({ record, input }) => ({ line: record.line, input }));
    // Customers in commit mode: the chunk's valid rows written together (import-customer-chunk.use-case.ts).
    const written = chunked && valid.length > 0 ? await importer.importChunk!(valid, { ...context, chunkKey: batch[0]!.line, ttl: job.ttl }) : undefined;
    const byLine = new Map(valid.map((row, index) => [row.line, written?.[index]]));
    const results = await Promise.all(
      inputs.map(async ({ record, input, errors }) => {
        if (errors.length > 0) return { record, result: { status: 'failed', errors } as RowResult };
        return { record, result: byLine.get(record.line) ?? (await importer.importRow(input, record.line, context)) };
      }),
    );
    for (const { record, result } of results) {
      progress = tally(progress, result);
      if (result.status === 'failed') rows.push({ line: record.line, status: 'failed', errors: result.errors });
      if (result.status === 'created') created.push(result.record);
      if (result.status === 'updated') updated.push(result.record);
    }
    batch = [];
  };

  try {
    for await (const record of await records(deps, job)) {
      if (!mapping) {
        const header = headerOf(record.cells, importer, customFields);
        // A custom field deactivated since the file was checked: its column is no longer known.
        if (!header.mapping) return failJob(deps, job, 'The header row names columns this import no longer knows.', header.errors);
        mapping = header.mapping;
        continue;
      }
      if (index++ < job.checkpoint) continue;
      // The step stops between batches only: a re-run of the step meets the same chunks (their markers' keys).
      if (batch.length === 0 && (taken >= chunkRows || Date.now() - startedAt > deps.limits.stepMillis)) {
        more = true;
        break;
      }
      if (taken === 0) firstLine = record.line;
      taken += 1;
      batch.push(record);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    if (error instanceof ImportFileError) return failJob(deps, job, error.message);
    throw error;
  }

  const ttl = job.ttl;
  await deps.imports.saveChunk(job.id, { firstLine, created, updated, rows }, ttl);
  const now = deps.clock.now();
  if (more) {
    await deps.imports.advance(job, { status: job.mode === 'validate' ? 'validating' : 'importing', checkpoint: job.checkpoint + taken, progress, ...failuresCleared(job) }, now.toISOString());
    await deps.trigger.continueJob(job.id);
    return 'continued';
  }
  const revertibleUntil = job.mode === 'commit' ? revertibleFrom(now) : undefined;
  await deps.imports.advance(
    job,
    { status: 'completed', checkpoint: job.checkpoint + taken, progress, ...failuresCleared(job), completedAt: now.toISOString(), ...(revertibleUntil ? { revertibleUntil } : {}) },
    now.toISOString(),
  );
  return 'done';
};

/**
 * Run the next step of an import's job (started by the upload's object-created event, continued by itself).
 *
 * Primary course:
 * 1. After the upload (status awaiting-upload): the file is checked whole, without writing (checkFile); a refused file
 *    fails the import (status failed, `problem` says why) and nothing is written.
 * 2. Then step by step (importStep): validate mode reports rows only; commit mode writes them through the entity's
 *    importer. Each step ends with a checkpoint and, while rows remain, hands over to a new invocation
 *    (`trigger.continueJob`), so no invocation runs near the function's timeout whatever the file's size.
 * 3. The last step marks the import completed (commit mode: revertible for 7 days).
 * A revert (status reverting) runs the same way (revert-import.step.ts).
 *
 * Alternates: an unknown import, or one already past this point (a repeated event) → nothing happens. Another
 * invocation advanced it meanwhile → VersionConflict, swallowed: that invocation carries on. A step that throws is
 * counted and retried from its checkpoint; the third failure in a row fails the import with its reason (stepFailed).
 */
export const runImportStep = async (deps: ImportDependencies, importId: string): Promise<StepResult> => {
  let job = await deps.imports.get(importId);
  if (!job) return 'ignored';
  const importer = deps.importers[job.entity];
  try {
    if (job.status === 'awaiting-upload') {
      const checked = await checkFile(deps, job, importer);
      if ('refused' in checked) return checked.refused;
      job = checked.job;
    }
    if (job.status === 'uploaded' || job.status === 'validating' || job.status === 'importing') return await importStep(deps, job, importer);
    if (job.status === 'reverting') return await revertStep(deps, job, importer);
    return 'ignored';
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.VersionConflict) return 'ignored';
    return stepFailed(deps, importId, error);
  }
};
