import type { EntityImporter } from './import-rows';
import type { ImportJob, StepResult } from './import.ports';
import type { ImportRowView } from './import.schema';
import type { ImportDependencies } from './imports.dependencies';
import { failuresCleared } from './import.rules';

/**
 * One step of a revert: the next `revertChunks` chunks of written records, each undone only if the record is still
 * as the import left it (its version): created ones archived, updated ones given back the values they had. A record
 * changed since is left alone and listed (`GET /v1/imports/{id}/rows?status=revert-refused`). The checkpoint is the
 * last chunk undone; undoing a record twice is refused by its version, so a repeated step changes nothing.
 */
export const revertStep = async (deps: ImportDependencies, job: ImportJob, importer: EntityImporter): Promise<StepResult> => {
  const chunks = await deps.imports.listChunks(job.id, job.revertCheckpoint, deps.limits.revertChunks);
  const caller = { username: job.createdBy, scope: job.scope };
  let { reverted, revertRefused } = job.progress;
  const refusedRows: ImportRowView[] = [];
  for (const chunk of chunks) {
    const outcomes = await Promise.all([
      ...chunk.created.map(async (record) => ({ record, undone: await importer.revertCreated(record, caller) })),
      ...chunk.updated.map(async (record) => ({ record, undone: await importer.revertUpdated(record, caller) })),
    ]);
    for (const { record, undone } of outcomes) {
      if (undone) reverted += 1;
      else {
        revertRefused += 1;
        refusedRows.push({ line: record.line, status: 'revert-refused', recordId: record.recordId, errors: [{ path: 'row', message: 'The record changed after the import; it was left as it is.' }] });
      }
    }
  }
  await deps.imports.saveRows(job.id, refusedRows, job.ttl);
  const at = deps.clock.now().toISOString();
  const progress = { ...job.progress, reverted, revertRefused };
  const last = chunks.at(-1)?.key;
  if (chunks.length >= deps.limits.revertChunks) {
    await deps.imports.advance(job, { progress, ...failuresCleared(job), ...(last ? { revertCheckpoint: last } : {}) }, at);
    await deps.trigger.continueJob(job.id);
    return 'continued';
  }
  await deps.imports.advance(job, { status: 'reverted', progress, ...failuresCleared(job), ...(last ? { revertCheckpoint: last } : {}) }, at);
  return 'done';
};
